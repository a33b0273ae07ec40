/**
 * Electron security checklist #13 "Disable or limit navigation": the window never leaves the app.
 * A link the user clicks to an http(s) page opens in their browser instead (checklist #15, see
 * external-links.ts); everything else is refused.
 */
import type { WebContents } from 'electron';
import { isAppUrl } from './app-origin';
import { openExternalIfSafe } from './external-links';

export function limitNavigation(contents: WebContents, origins: readonly string[]): void {
  const guard = (event: { preventDefault(): void; url: string }): void => {
    if (isAppUrl(event.url, origins)) return;
    event.preventDefault();
    openExternalIfSafe(event.url);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url, origins)) event.preventDefault();
  });
}
