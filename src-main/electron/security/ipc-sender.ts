/**
 * Electron security checklist #17 "Validate the sender of all IPC messages": a message is handled
 * only when it comes from the main frame of the app's own window showing the app's own page — not
 * from a subframe, not from another window, not after a navigation elsewhere.
 */
import type { WebContents, WebFrameMain } from 'electron';
import { isAppUrl } from './app-origin';

export interface SenderCheck {
  /** The app window's webContents, or undefined once it is gone. */
  contents(): WebContents | undefined;
  origins: readonly string[];
}

export function isTrustedSender(frame: WebFrameMain | null, check: SenderCheck): boolean {
  const contents = check.contents();
  if (!frame || !contents || contents.isDestroyed()) return false;
  if (frame !== contents.mainFrame) return false;
  return isAppUrl(frame.url, check.origins);
}
