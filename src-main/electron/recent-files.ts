/** The recent data files shown in File → Open Recent, newest first, persisted in userData. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export const MAX_RECENT = 10;
const RecentList = z.array(z.string().min(1)).max(100);

export function withRecent(list: readonly string[], path: string, max = MAX_RECENT): string[] {
  return [path, ...list.filter((p) => p !== path)].slice(0, max);
}

export function readRecent(file: string): string[] {
  try {
    const parsed = RecentList.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data.slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

export function writeRecent(file: string, list: readonly string[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(list, null, 2));
  renameSync(temp, file);
}
