import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuActions } from '../../../src-main/electron/menu';
import { readRecent, withRecent, writeRecent } from '../../../src-main/electron/recent-files';
import { DEFAULT_WINDOW_STATE, readWindowState, restoreWindowState, writeWindowState } from '../../../src-main/electron/window-state';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('window state', () => {
  it('restores a saved state that is on screen', () => {
    const saved = { x: 100, y: 80, width: 1200, height: 800, maximized: true };
    expect(restoreWindowState(JSON.stringify(saved), screen)).toEqual(saved);
  });

  it('drops a position that is on no display (monitor unplugged) but keeps the size', () => {
    const saved = { x: 3000, y: 80, width: 1200, height: 800, maximized: false };
    expect(restoreWindowState(JSON.stringify(saved), screen)).toEqual({ width: 1200, height: 800, maximized: false });
  });

  it('falls back to the default for garbage, absurd sizes or no file', () => {
    expect(restoreWindowState('{not json', screen)).toEqual(DEFAULT_WINDOW_STATE);
    expect(restoreWindowState(JSON.stringify({ width: 10, height: 10 }), screen)).toEqual(DEFAULT_WINDOW_STATE);
    expect(restoreWindowState(undefined, screen)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('round-trips through the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rnn-winstate-'));
    try {
      const file = join(dir, 'nested', 'window-state.json');
      const state = { x: 10, y: 20, width: 1000, height: 700, maximized: false };
      writeWindowState(file, state);
      expect(readWindowState(file, screen)).toEqual(state);
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(state);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('recent files', () => {
  it('puts the newest first without duplicates and keeps at most ten', () => {
    let list: string[] = [];
    for (let i = 0; i < 12; i++) list = withRecent(list, `/d/${i}.csv`);
    list = withRecent(list, '/d/5.csv');
    expect(list[0]).toBe('/d/5.csv');
    expect(list).toHaveLength(10);
    expect(new Set(list).size).toBe(10);
  });

  it('survives a missing or corrupt file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rnn-recent-'));
    try {
      expect(readRecent(join(dir, 'none.json'))).toEqual([]);
      writeRecent(join(dir, 'r.json'), ['/a.csv']);
      expect(readRecent(join(dir, 'r.json'))).toEqual(['/a.csv']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

describe('application menu', () => {
  const calls: string[] = [];
  const actions: MenuActions = {
    open: () => calls.push('open'),
    openRecent: (path) => calls.push(`recent:${path}`),
    clearRecent: () => calls.push('clear'),
    command: (command) => calls.push(`command:${command}`),
    quit: () => calls.push('quit'),
  };
  const click = (item: MenuItemConstructorOptions | undefined): void => {
    (item?.click as (() => void) | undefined)?.();
  };

  it('has the shortcuts and sends commands the page carries out', () => {
    const items = flatten(buildMenuTemplate(actions, { isDev: false, isMac: false, recent: ['/data/sales.csv'], appName: 'RNN Studio' }));
    const byLabel = (label: string) => items.find((i) => i.label === label);
    expect(byLabel('Open…')?.accelerator).toBe('CmdOrCtrl+O');
    expect(byLabel('Quit')?.accelerator).toBe('CmdOrCtrl+Q');
    calls.length = 0;
    click(byLabel('Open…'));
    click(byLabel('Open Sample'));
    click(byLabel('Export…'));
    click(byLabel('Toggle Dark Theme'));
    click(byLabel('sales.csv'));
    expect(calls).toEqual(['open', 'command:open-sample', 'command:export', 'command:toggle-theme', 'recent:/data/sales.csv']);
  });

  it('offers DevTools only in development', () => {
    const roles = (isDev: boolean) => flatten(buildMenuTemplate(actions, { isDev, isMac: false, recent: [], appName: 'RNN Studio' })).map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });
});
