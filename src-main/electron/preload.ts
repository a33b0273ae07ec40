/**
 * The only bridge between the sandboxed page and the app (Electron security checklist #20 "Do not
 * expose Electron APIs to untrusted web content"): `window.studio` gets one named function per
 * contract method and event, built from the contract's static lists, plus the desktop dialogs. The
 * page never sees ipcRenderer, a channel name or an event object.
 *
 * Runs sandboxed: imports only `electron` and code bundled into this file.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  eventFunctionName,
  eventNames,
  ipcChannel,
  ipcEventChannel,
  methodFunctionName,
  methodNames,
  type PreloadApi,
} from '../common/contract';
import { desktopChannel, DROPPED_FILES_CHANNEL, MENU_COMMAND_CHANNEL, menuCommands, type DesktopBridge, type IpcReply, type MenuCommand } from './bridge-channels';

/** Resolves with the output, or rejects with the plain ApiError object ({ code, message, where }). */
async function invoke<T>(channel: string, ...args: unknown[]): Promise<T> {
  const reply = (await ipcRenderer.invoke(channel, ...args)) as IpcReply<T>;
  if (reply.ok) return reply.output;
  throw reply.error;
}

/** Subscribes to a main → page channel, handing the page only the payload. */
function subscribe(channel: string, listener: (payload: unknown) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

function buildApi(): PreloadApi & { desktop: DesktopBridge } {
  const api: Record<string, unknown> = {};
  for (const method of methodNames) {
    const channel = ipcChannel(method);
    api[methodFunctionName(method)] = (input: unknown) => invoke(channel, input);
  }
  for (const event of eventNames) {
    const channel = ipcEventChannel(event);
    api[eventFunctionName(event)] = (listener: (payload: unknown) => void) => subscribe(channel, listener);
  }
  const desktop: DesktopBridge = {
    pickOpenPath: () => invoke<string | null>(desktopChannel.pickOpenPath),
    pickSavePath: (defaultName: string) => invoke<string | null>(desktopChannel.pickSavePath, String(defaultName)),
    pickDirectory: () => invoke<string | null>(desktopChannel.pickDirectory),
    saveBytes: (path: string, base64: string) => invoke<void>(desktopChannel.saveBytes, String(path), String(base64)),
    onMenuCommand: (listener) =>
      subscribe(MENU_COMMAND_CHANNEL, (command) => {
        if (menuCommands.includes(command as MenuCommand)) listener(command as MenuCommand);
      }),
  };
  api.desktop = desktop;
  return api as PreloadApi & { desktop: DesktopBridge };
}

/** The few DOM shapes the drop handler touches (the main-side tsconfig has no DOM library). */
interface DragEventLike {
  preventDefault(): void;
  stopPropagation(): void;
  dataTransfer?: { types: readonly string[]; files: ArrayLike<unknown> } | null;
}
interface PageWindow {
  addEventListener(type: 'dragover' | 'drop', listener: (event: DragEventLike) => void, capture: boolean): void;
}

/**
 * Files dropped anywhere on the window are opened by path (no copying the bytes through the page).
 * Caught in the capture phase so the page's own browser-style upload handler does not also run.
 */
function handleFileDrops(page: PageWindow): void {
  page.addEventListener(
    'dragover',
    (event) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    },
    true,
  );
  page.addEventListener(
    'drop',
    (event) => {
      const files = event.dataTransfer?.files;
      if (!files || files.length === 0) return;
      event.preventDefault();
      event.stopPropagation();
      const paths = Array.from(files)
        .map((file) => webUtils.getPathForFile(file as File))
        .filter((path) => path !== '');
      if (paths.length > 0) ipcRenderer.send(DROPPED_FILES_CHANNEL, paths);
    },
    true,
  );
}

contextBridge.exposeInMainWorld('studio', buildApi());
handleFileDrops(globalThis as unknown as PageWindow);
