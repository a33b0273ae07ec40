/**
 * The desktop app under Playwright's Electron driver: the window shows the app, the page has the
 * preload's `window.studio` and nothing of Node, and the security settings hold. Runs only where
 * an Electron binary exists; elsewhere it is skipped and says why.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import type { PageGlobals } from './support/page-globals';

function electronBinary(): { path: string } | { reason: string } {
  try {
    const path: unknown = createRequire(__filename)('electron');
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { reason: `require('electron') returned ${JSON.stringify(path)}, which is not an existing file` };
  } catch (err) {
    return { reason: `require('electron') failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

test('the desktop window runs the app sandboxed, with only window.studio', async () => {
  const binary = electronBinary();
  if ('reason' in binary) console.warn(`electron.spec: skipped — no Electron binary on this machine: ${binary.reason}`);
  test.skip(!('path' in binary), `no Electron binary on this machine: ${'reason' in binary ? binary.reason : ''}`);
  if (!('path' in binary)) return;

  const root = resolve(__dirname, '..', '..');
  const userData = await mkdtemp(join(tmpdir(), 'rnn-electron-'));
  const app = await electron.launch({
    executablePath: binary.path,
    args: [join(root, 'out', 'main', 'index.js'), `--user-data-dir=${userData}`],
    env: { ...process.env, ELECTRON_RENDERER_URL: '' },
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('nav-data')).toBeVisible();
    expect(page.url()).toMatch(/^app:\/\/renderer\//);

    const surface = await page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals;
      return { require: typeof w.require, process: typeof w.process, ipc: typeof w.ipcRenderer, studio: Object.keys(w.studio ?? {}).sort() };
    });
    expect(surface).toMatchObject({ require: 'undefined', process: 'undefined', ipc: 'undefined' });
    expect(surface.studio).toContain('appInfo');
    expect(surface.studio).toContain('onJobEvent');
    expect(surface.studio).toContain('desktop');

    const info = await page.evaluate(() => (globalThis as unknown as PageGlobals).studio?.appInfo({}));
    expect(info?.host).toBe('electron');

    // Navigation away and new windows are refused.
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
    });
    await page.waitForLoadState();
    expect(page.url()).toMatch(/^app:\/\/renderer\//);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).open('https://example.com/') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);
  } finally {
    await app.close();
    await rm(userData, { recursive: true, force: true });
  }
});
