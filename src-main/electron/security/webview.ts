/**
 * Electron security checklist #12 "Verify WebView options before creation" (and #11): the app uses
 * no `<webview>`, so any attempt to attach one is refused outright.
 */
import type { WebContents } from 'electron';

export function blockWebviews(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
