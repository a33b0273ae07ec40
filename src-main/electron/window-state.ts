/**
 * Remembers the window's size and position in userData/window-state.json. A saved position that is
 * no longer on any screen (a monitor was unplugged) is dropped so the window never opens off-screen.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowState>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1360, height: 880, maximized: false };

/** True when at least a 100×50 corner of the window's title area lies on some display. */
export function isVisibleOn(state: WindowState, displays: readonly Rect[]): boolean {
  if (state.x === undefined || state.y === undefined) return true;
  const { x, y } = state;
  return displays.some((d) => x + 100 > d.x && x < d.x + d.width - 100 && y >= d.y - 10 && y < d.y + d.height - 50);
}

/** Parses saved text; anything unreadable or off-screen falls back to a sane default. */
export function restoreWindowState(text: string | undefined, displays: readonly Rect[]): WindowState {
  if (text === undefined) return DEFAULT_WINDOW_STATE;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
  const parsed = WindowState.safeParse(json);
  if (!parsed.success) return DEFAULT_WINDOW_STATE;
  const state = parsed.data;
  return isVisibleOn(state, displays) ? state : { width: state.width, height: state.height, maximized: state.maximized };
}

export function readWindowState(file: string, displays: readonly Rect[]): WindowState {
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
  return restoreWindowState(text, displays);
}

/** Write-then-rename so a crash mid-write leaves the previous state, not half a file. */
export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state, null, 2));
  renameSync(temp, file);
}
