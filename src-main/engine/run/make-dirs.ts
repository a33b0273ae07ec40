/**
 * Creates a folder and its missing parents one level at a time. Node's `mkdir({ recursive: true })`
 * never returns for a path under /proc (it retries ENOENT forever), so no path a user names goes
 * through it: here every level is created with a plain mkdir, and a refusal is an error at once.
 */
import { lstat, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { RunStoreError } from './run-errors';

export interface MakeDirsOptions {
  /** Create missing parents too (default). When false only the last level may be missing. */
  parents?: boolean;
  /** Named in messages, e.g. "the runs folder" or "--out". */
  what?: string;
}

/** Creates `dir` (and, by default, missing parents); returns the absolute path. Throws RunStoreError('bad_input') with the reason. */
export async function makeDirs(dir: string, options: MakeDirsOptions = {}): Promise<string> {
  const target = resolve(dir);
  const what = options.what ? `${options.what}: ` : '';
  const missing: string[] = [];
  let current = target;
  for (;;) {
    const info = await statOrNull(current, what);
    if (info) {
      if (!info.isDirectory()) throw new RunStoreError('bad_input', `${what}${current} is not a folder, so ${target} cannot be created in it`);
      break;
    }
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (missing.length > 1 && options.parents === false) {
    throw new RunStoreError('bad_input', `${what}${dirname(target)} does not exist; create it first or choose an existing folder (only the last folder of the path is created)`);
  }
  for (const level of missing) {
    try {
      await mkdir(level);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && (await lstat(level)).isDirectory()) continue;
      throw new RunStoreError('bad_input', `${what}cannot create the folder ${level} (${code ?? String(err)}): this file system does not allow it; choose a folder you can write to`);
    }
  }
  return target;
}

async function statOrNull(path: string, what: string) {
  try {
    return await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: a level above is a file; walking up finds it and names it.
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new RunStoreError('bad_input', `${what}cannot use ${path} (${code ?? String(err)})`);
  }
}
