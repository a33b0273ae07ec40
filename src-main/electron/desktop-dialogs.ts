/**
 * Native open/save/folder dialogs for the page (the `desktop` part of the preload API). The page may
 * write bytes only to a path the user just chose in a save dialog: a compromised page cannot use
 * saveBytes to write anywhere else.
 */
import { BrowserWindow, dialog, ipcMain } from 'electron';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { desktopChannel, type IpcReply } from './bridge-channels';
import { REFUSED_SENDER } from './ipc-answer';
import type { PathGrants } from './path-grants';
import { isTrustedSender, type SenderCheck } from './security/ipc-sender';

export const DATA_FILE_FILTERS = [
  { name: 'Tables', extensions: ['csv', 'tsv', 'txt', 'json', 'xlsx', 'xls', 'parquet'] },
  { name: 'All files', extensions: ['*'] },
];

/** At most this many base64 characters per saveBytes (a 2× PNG of a large chart is a few MB). */
const MAX_SAVE_BASE64 = 100 * 1024 * 1024;

export interface DialogHooks {
  /** Called with each data file the user opens, for the recent-files list. */
  onOpened(path: string): void;
}

function windowOf(check: SenderCheck): BrowserWindow | undefined {
  const contents = check.contents();
  return contents ? (BrowserWindow.fromWebContents(contents) ?? undefined) : undefined;
}

export async function pickOpenPath(win: BrowserWindow | undefined): Promise<string | null> {
  const options = { title: 'Open a dataset', properties: ['openFile' as const], filters: DATA_FILE_FILTERS };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
}

/** Every path the user picks here is recorded in `grants`: the API's desktop-only methods accept only those. */
export function registerDesktopDialogs(check: SenderCheck, hooks: DialogHooks, grants: PathGrants): () => void {
  const grantedSavePaths = new Set<string>();
  const guarded =
    <A extends unknown[], T>(handler: (...args: A) => Promise<IpcReply<T>>) =>
    (event: Electron.IpcMainInvokeEvent, ...args: A): Promise<IpcReply<T>> | IpcReply<never> =>
      isTrustedSender(event.senderFrame, check) ? handler(...args) : REFUSED_SENDER;

  ipcMain.handle(
    desktopChannel.pickOpenPath,
    guarded(async () => {
      const path = await pickOpenPath(windowOf(check));
      if (path) {
        grants.grant('open', path);
        hooks.onOpened(path);
      }
      return { ok: true, output: path };
    }),
  );
  ipcMain.handle(
    desktopChannel.pickSavePath,
    guarded(async (defaultName: unknown) => {
      const name = basename(typeof defaultName === 'string' && defaultName !== '' ? defaultName : 'export');
      const win = windowOf(check);
      const options = { title: 'Save as', defaultPath: name };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return { ok: true, output: null };
      grantedSavePaths.add(result.filePath);
      grants.grant('save', result.filePath);
      return { ok: true, output: result.filePath };
    }),
  );
  ipcMain.handle(
    desktopChannel.pickDirectory,
    guarded(async () => {
      const win = windowOf(check);
      const options = { title: 'Choose a folder', properties: ['openDirectory' as const, 'createDirectory' as const] };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      const dir = result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
      if (dir) grants.grant('folder', dir);
      return { ok: true, output: dir };
    }),
  );
  ipcMain.handle(
    desktopChannel.saveBytes,
    guarded(async (path: unknown, base64: unknown): Promise<IpcReply<null>> => {
      if (typeof path !== 'string' || !grantedSavePaths.has(path)) {
        return { ok: false, error: { code: 'bad_input', message: 'saveBytes writes only to a path chosen in the save dialog; call pickSavePath first', where: 'path' } };
      }
      if (typeof base64 !== 'string' || base64.length > MAX_SAVE_BASE64 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
        return { ok: false, error: { code: 'bad_input', message: 'saveBytes needs base64 text (at most 100 MB)', where: 'base64' } };
      }
      grantedSavePaths.delete(path);
      try {
        await writeFile(path, Buffer.from(base64, 'base64'));
        return { ok: true, output: null };
      } catch (err) {
        return { ok: false, error: { code: 'internal', message: `could not write ${path}: ${err instanceof Error ? err.message : String(err)}`, where: path } };
      }
    }),
  );
  return () => {
    for (const channel of Object.values(desktopChannel)) ipcMain.removeHandler(channel);
  };
}
