/**
 * Serves the built renderer at app://renderer/ (Electron security checklist #18 "Avoid usage of the
 * file:// protocol and prefer usage of custom protocols"): only files inside out/renderer can be
 * loaded, every response carries the CSP, and the page gets a real origin so the IPC sender check and
 * the navigation guard compare exact origins.
 */
import { protocol, type Session } from 'electron';
import { readStatic } from '../service/static-files';
import { APP_HOST, APP_SCHEME } from './security/app-origin';
import { contentSecurityPolicy } from '../common/csp';

/** Must run before `app` is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRenderer(session: Session, rendererDir: string): void {
  const headers = { 'Content-Security-Policy': contentSecurityPolicy(), 'X-Content-Type-Options': 'nosniff' };
  session.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('not found', { status: 404, headers });
    const result = await readStatic(rendererDir, url.pathname);
    if (result.kind === 'not-built') return new Response(result.message, { status: 503, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
    if (result.kind === 'not-found') return new Response('not found', { status: 404, headers });
    return new Response(new Uint8Array(result.body), { status: 200, headers: { ...headers, 'Content-Type': result.contentType } });
  });
}
