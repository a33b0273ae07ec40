/**
 * IPC channels of the desktop-only bridge (dialogs, dropped files, menu commands). Contract methods
 * use `ipcChannel()` from the contract; these are the few extras only Electron has. Bundled into both
 * the main process and the preload, so the two can never disagree on a name.
 */
import type { DesktopApi } from '../common/contract';

export const desktopChannel = {
  pickOpenPath: 'desktop:pickOpenPath',
  pickSavePath: 'desktop:pickSavePath',
  pickDirectory: 'desktop:pickDirectory',
  saveBytes: 'desktop:saveBytes',
} as const satisfies Record<keyof DesktopApi, string>;

/** Preload → main: the paths of files dropped on the window. */
export const DROPPED_FILES_CHANNEL = 'desktop:droppedFiles';
/** Main → renderer: an app-menu command the page carries out (it owns the theme and the views). */
export const MENU_COMMAND_CHANNEL = 'desktop:menuCommand';

export const menuCommands = ['open-sample', 'export', 'toggle-theme'] as const;
export type MenuCommand = (typeof menuCommands)[number];

/** What the preload exposes as `window.studio.desktop`: the contract's DesktopApi plus menu commands. */
export interface DesktopBridge extends DesktopApi {
  /** Returns the function that removes the listener. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/** An answer from a main-process handler: errors travel as data because IPC mangles thrown Errors. */
export type IpcReply<T> = { ok: true; output: T } | { ok: false; error: { code: 'bad_input' | 'not_found' | 'conflict' | 'internal'; message: string; where?: string } };
