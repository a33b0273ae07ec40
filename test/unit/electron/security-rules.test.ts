import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, appOrigins, isAppUrl } from '../../../src-main/electron/security/app-origin';
import { contentSecurityPolicy } from '../../../src-main/common/csp';
import { isSafeExternalUrl } from '../../../src-main/electron/security/safe-url';
import { secureWebPreferences } from '../../../src-main/electron/security/web-preferences';

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
}

describe('content security policy', () => {
  it("allows scripts only from 'self' — no inline, no eval — and no plugins, frames or base rewriting", () => {
    const csp = directives(contentSecurityPolicy());
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(contentSecurityPolicy()).not.toContain('unsafe-eval');
  });

  it('adds connect sources only to connect-src', () => {
    const csp = directives(contentSecurityPolicy({ connectSources: ['ws://127.0.0.1:5000'] }));
    expect(csp.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:5000']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
  });
});

describe('web preferences', () => {
  it('isolate, sandbox and keep Node and insecure content out of the page', () => {
    const prefs = secureWebPreferences('/app/preload.js');
    expect(prefs).toMatchObject({
      preload: '/app/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });
});

describe('app origin', () => {
  it('recognises only the app protocol (and the dev server when given)', () => {
    const origins = appOrigins(undefined);
    expect(isAppUrl(`${APP_ORIGIN}/index.html`, origins)).toBe(true);
    expect(isAppUrl('app://other/index.html', origins)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', origins)).toBe(false);
    expect(isAppUrl('https://renderer/', origins)).toBe(false);
    expect(isAppUrl('not a url', origins)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', origins)).toBe(false);
    expect(isAppUrl('http://localhost:5173/x', appOrigins('http://localhost:5173/'))).toBe(true);
  });
});

describe('external links', () => {
  it('lets only plain http(s) links out', () => {
    expect(isSafeExternalUrl('https://www.tensorflow.org/js')).toBe(true);
    expect(isSafeExternalUrl('http://example.com/a?b=c')).toBe(true);
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-msdt:/id', 'https://user:pw@example.com', 'nonsense', '']) {
      expect(isSafeExternalUrl(bad)).toBe(false);
    }
  });
});
