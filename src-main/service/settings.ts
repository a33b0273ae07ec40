/**
 * Settings that outlive the process, kept in `<dataDir>/settings.json`: the runs folder the user
 * last chose, so the app opens on it again after a restart, and `maxWorkers`, the most training
 * processes at once (edited by hand; a command-line flag wins over it).
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { makeDirs, writeFileAtomic } from '../engine/run';
import { defaultMaxWorkers, MAX_WORKERS_LIMIT } from '../worker/worker-limit';

/** The hosts' `--workers` flag sets the same limit as settings.json's maxWorkers. */
export { parseWorkers } from '../worker/worker-limit';

export const SETTINGS_FILE = 'settings.json';


// Unknown keys are kept so a newer version's settings survive a save by this one.
const StudioSettings = z.looseObject({ runsDir: z.string().min(1).optional(), maxWorkers: z.number().int().min(1).max(MAX_WORKERS_LIMIT).optional() });
export type StudioSettings = z.infer<typeof StudioSettings>;

export function settingsPath(dataDir: string): string {
  return join(dataDir, SETTINGS_FILE);
}

/** The saved settings; an absent file is no settings, an unreadable or malformed one is reported and ignored. */
export async function readSettings(dataDir: string): Promise<StudioSettings> {
  const path = settingsPath(dataDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    console.warn(`RNN Studio: could not read ${path} (${(err as Error).message}); using defaults`);
    return {};
  }
  try {
    const parsed = StudioSettings.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    console.warn(`RNN Studio: ${path} has an invalid ${issue?.path.join('.') || 'value'} (${issue?.message}); using defaults`);
  } catch {
    console.warn(`RNN Studio: ${path} is not valid JSON; using defaults (it is rewritten on the next change)`);
  }
  return {};
}

/** Remembers `runsDir` as the runs folder to open next time (written atomically: old or new, never half). */
export async function saveRunsDir(dataDir: string, runsDir: string): Promise<void> {
  const current = await readSettings(dataDir);
  await makeDirs(dataDir, { what: 'data folder' });
  await writeFileAtomic(settingsPath(dataDir), `${JSON.stringify({ ...current, runsDir: resolve(runsDir) }, null, 2)}\n`);
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

export interface RunsDirChoice {
  /** Given on the command line (e.g. `--runs-dir`): always wins. */
  explicit?: string;
  /** Where settings.json lives. */
  dataDir: string;
  /** The default when nothing was given or saved, or the saved folder is gone. */
  fallback: string;
}

/** The runs folder to start with: the explicit one, else the saved choice if that folder still exists, else the fallback. */
export async function resolveRunsDir({ explicit, dataDir, fallback }: RunsDirChoice): Promise<string> {
  if (explicit) return resolve(explicit);
  const saved = (await readSettings(dataDir)).runsDir;
  if (saved && (await isDirectory(saved))) return resolve(saved);
  return resolve(fallback);
}

/** The most training workers at once: the explicit value (a flag), else settings.json's, else the core count. */
export async function resolveMaxWorkers({ explicit, dataDir }: { explicit?: number; dataDir: string }): Promise<number> {
  if (explicit !== undefined) return explicit;
  return (await readSettings(dataDir)).maxWorkers ?? defaultMaxWorkers();
}

