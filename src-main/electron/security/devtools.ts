/**
 * DevTools are a console straight into the page (and through the preload bridge, into the backend):
 * available while developing, closed again at once in a built app however they were opened.
 */
import type { WebContents } from 'electron';

export function restrictDevTools(contents: WebContents, isDev: boolean): void {
  if (isDev) return;
  contents.on('devtools-opened', () => contents.closeDevTools());
}
