/**
 * Electron security checklist #14 "Disable or limit creation of new windows": window.open and
 * target=_blank never create an Electron window; safe http(s) links go to the user's browser.
 */
import type { WebContents } from 'electron';
import { openExternalIfSafe } from './external-links';

export function denyNewWindows(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfSafe(url);
    return { action: 'deny' };
  });
}
