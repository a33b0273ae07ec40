/**
 * Electron security checklist #7 "Define a Content Security Policy": the CSP is also sent as a
 * response header for everything the session loads, so it holds even for a page whose meta tag were
 * missing or altered (and in dev, where Vite serves the page over http).
 */
import type { Session } from 'electron';
import { contentSecurityPolicy } from '../../common/csp';

export function enforceCspHeader(session: Session, devServerOrigin?: string): void {
  // Vite's dev server pushes hot updates over a WebSocket to its own origin.
  const connect = devServerOrigin ? [devServerOrigin.replace(/^http/, 'ws')] : [];
  const policy = contentSecurityPolicy({ connectSources: connect });
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...(details.responseHeaders ?? {}) };
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    headers['Content-Security-Policy'] = [policy];
    headers['X-Content-Type-Options'] = ['nosniff'];
    callback({ responseHeaders: headers });
  });
}
