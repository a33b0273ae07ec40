/**
 * The Content-Security-Policy of the renderer, shared by both hosts (Electron sends it as a response
 * header; the browser host sends it on every page). Pure string building: no Electron import, so the
 * browser host can use it too.
 *
 * Electron security checklist #7 "Define a Content Security Policy".
 * - script-src 'self' only: no inline scripts, no eval — an injected `<script>` or `onerror=` never runs.
 * - style-src allows inline styles because Naive UI and ECharts set styles at run time; styles cannot
 *   execute code.
 * - img-src allows data:/blob: for chart PNG export.
 */
export interface CspOptions {
  /** Extra sources for connect-src, e.g. the browser host's WebSocket origins. */
  connectSources?: readonly string[];
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', ["'self'", ...(options.connectSources ?? [])]],
    ['worker-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}
