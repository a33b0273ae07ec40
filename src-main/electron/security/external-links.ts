/** Electron security checklist #15: links leave the app only through this validated door. */
import { shell } from 'electron';
import { isSafeExternalUrl } from './safe-url';

export function openExternalIfSafe(url: string): boolean {
  if (!isSafeExternalUrl(url)) return false;
  void shell.openExternal(url);
  return true;
}
