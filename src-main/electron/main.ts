/**
 * The Electron main process: one window showing the built renderer from app://renderer/, the backend
 * service behind typed IPC, training jobs in utility processes, native menus and dialogs.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, shell } from 'electron';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ipcEventChannel, type EventPayload } from '../common/contract';
import { createStudioService } from '../service/service';
import { resolveMaxWorkers, resolveRunsDir } from '../service/settings';
import { DROPPED_FILES_CHANNEL, MENU_COMMAND_CHANNEL, type MenuCommand } from './bridge-channels';
import { pickOpenPath, registerDesktopDialogs } from './desktop-dialogs';
import { createElectronLauncher } from './electron-launcher';
import { registerApiIpc } from './ipc';
import { PathGrants } from './path-grants';
import { buildMenuTemplate } from './menu';
import { readRecent, withRecent, writeRecent } from './recent-files';
import { registerAppScheme, serveRenderer } from './renderer-protocol';
import { APP_ORIGIN, appOrigins } from './security/app-origin';
import { enforceCspHeader } from './security/csp-header';
import { isTrustedSender, type SenderCheck } from './security/ipc-sender';
import { limitNavigation } from './security/navigation';
import { denyAllPermissions } from './security/permissions';
import { restrictDevTools } from './security/devtools';
import { blockWebviews } from './security/webview';
import { denyNewWindows } from './security/window-open';
import { secureWebPreferences } from './security/web-preferences';
import { readWindowState, writeWindowState, type WindowState } from './window-state';

/** Set by `electron-vite dev` only; a packaged or built app always loads its own files. */
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const isDev = devServerUrl !== undefined;
const origins = appOrigins(devServerUrl);

registerAppScheme();

let mainWindow: BrowserWindow | undefined;
const senderCheck: SenderCheck = { contents: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : undefined), origins };

function userFile(name: string): string {
  return join(app.getPath('userData'), name);
}

function isReadableFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function createWindow(): BrowserWindow {
  const stateFile = userFile('window-state.json');
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const state = readWindowState(stateFile, displays);
  const win = new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'RNN Studio',
    backgroundColor: '#1f1f23',
    webPreferences: secureWebPreferences(join(__dirname, '..', 'preload', 'index.js')),
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  let saveTimer: NodeJS.Timeout | undefined;
  const saveState = (): void => {
    if (win.isDestroyed()) return;
    const bounds = win.getNormalBounds();
    const next: WindowState = { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height, maximized: win.isMaximized() };
    try {
      writeWindowState(stateFile, next);
    } catch (err) {
      console.warn(`could not save the window state to ${stateFile}:`, err);
    }
  };
  const saveSoon = (): void => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveState, 500);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('close', () => {
    clearTimeout(saveTimer);
    saveState();
  });

  void (devServerUrl ? win.loadURL(devServerUrl) : win.loadURL(`${APP_ORIGIN}/index.html`));
  return win;
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();

  const userData = app.getPath('userData');
  const dataDir = join(userData, 'data');
  const service = createStudioService({
    // The folder last chosen in the Runs view (saved in dataDir/settings.json), if it still exists.
    runsDir: await resolveRunsDir({ dataDir, fallback: join(userData, 'runs') }),
    dataDir,
    host: 'electron',
    launcher: createElectronLauncher(),
    maxWorkers: await resolveMaxWorkers({ dataDir }),
    appVersion: app.getVersion(),
    trash: (dir: string) => shell.trashItem(dir),
  });

  const ses = session.defaultSession;
  enforceCspHeader(ses, devServerUrl ? new URL(devServerUrl).origin : undefined);
  denyAllPermissions(ses);
  serveRenderer(ses, join(__dirname, '..', 'renderer'));
  app.on('web-contents-created', (_event, contents) => {
    blockWebviews(contents);
    denyNewWindows(contents);
    limitNavigation(contents, origins);
    restrictDevTools(contents, isDev);
  });

  let recent = readRecent(userFile('recent-files.json'));
  const rememberRecent = (path: string): void => {
    recent = withRecent(recent, path);
    app.addRecentDocument(path);
    try {
      writeRecent(userFile('recent-files.json'), recent);
    } catch (err) {
      console.warn('could not save the recent-files list:', err);
    }
    rebuildMenu();
  };
  const sendToPage = (channel: string, payload: unknown): void => {
    const contents = senderCheck.contents();
    if (contents) contents.send(channel, payload);
  };
  // Paths the user chose (dialogs, drops, menu, recent files, command line): the only ones the page may pass back.
  const grants = new PathGrants();
  const openFile = (path: string): void => {
    if (!isReadableFile(path)) {
      void dialog.showMessageBox({ type: 'error', message: `Cannot open ${path}`, detail: 'The file does not exist or is not a regular file.' });
      return;
    }
    grants.grant('open', path);
    rememberRecent(path);
    const payload: EventPayload<'app.openFile'> = { path };
    sendToPage(ipcEventChannel('app.openFile'), payload);
  };
  const sendCommand = (command: MenuCommand): void => sendToPage(MENU_COMMAND_CHANNEL, command);

  function rebuildMenu(): void {
    const template = buildMenuTemplate(
      {
        open: () => void pickOpenPath(mainWindow).then((path) => path && openFile(path)),
        openRecent: openFile,
        clearRecent: () => {
          recent = [];
          app.clearRecentDocuments();
          writeRecent(userFile('recent-files.json'), recent);
          rebuildMenu();
        },
        command: sendCommand,
        quit: () => app.quit(),
      },
      { isDev, isMac: process.platform === 'darwin', recent, appName: app.getName() },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }
  rebuildMenu();

  registerApiIpc(service, senderCheck, grants);
  registerDesktopDialogs(senderCheck, { onOpened: rememberRecent }, grants);
  ipcMain.on(DROPPED_FILES_CHANNEL, (event, paths: unknown) => {
    if (!isTrustedSender(event.senderFrame, senderCheck) || !Array.isArray(paths)) return;
    const first = paths.find((p): p is string => typeof p === 'string' && p.length > 0 && p.length <= 4096);
    if (first) openFile(first);
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openFile(path);
  });
  app.on('second-instance', (_event, argv) => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
    const file = argv.slice(1).find((arg) => !arg.startsWith('-') && isReadableFile(arg));
    if (file) openFile(file);
  });

  // Closing while training asks first; stopping keeps each run's best weights (the worker checkpoints them).
  let quitConfirmed = false;
  const confirmQuit = async (): Promise<boolean> => {
    const jobs = service.activeJobs();
    if (jobs === 0 || quitConfirmed) return true;
    const options = {
      type: 'question' as const,
      buttons: ['Keep training', 'Stop training and quit'],
      defaultId: 0,
      cancelId: 0,
      message: jobs === 1 ? 'A model is still training.' : `${jobs} models are still training.`,
      detail: 'Quitting stops training now. Each run keeps its best weights so far and its metrics.',
    };
    const { response } = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
    quitConfirmed = response === 1;
    return quitConfirmed;
  };

  mainWindow = createWindow();
  mainWindow.on('close', (event) => {
    if (quitConfirmed || service.activeJobs() === 0) return;
    event.preventDefault();
    void confirmQuit().then((ok) => ok && app.quit());
  });
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });

  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    void confirmQuit().then(async (ok) => {
      if (!ok) return;
      disposed = true;
      try {
        await service.dispose();
      } finally {
        app.quit();
      }
    });
  });
  app.on('window-all-closed', () => app.quit());

  const fileArg = process.argv.slice(app.isPackaged ? 1 : 2).find((arg) => !arg.startsWith('-') && isReadableFile(arg));
  if (fileArg) mainWindow.webContents.once('did-finish-load', () => openFile(fileArg));
}

main().catch((err: unknown) => {
  dialog.showErrorBox('RNN Studio could not start', err instanceof Error ? (err.stack ?? err.message) : String(err));
  app.exit(1);
});
