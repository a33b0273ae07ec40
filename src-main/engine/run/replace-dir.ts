import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsyncDir } from './atomic-write';

/**
 * Replaces a directory (a run's `model/`) with a new version so that a kill at any instant leaves one
 * complete version that `recoverReplacedDir` can put back in place. The siblings it uses say by
 * their name how far a swap got:
 *
 *   .<name>.tmp.<tag>   being written; never trusted
 *   .<name>.new.<tag>   complete and flushed; not yet in place
 *   .<name>.old.<tag>   the previous version, moved aside for the instant of the swap
 *
 * Directories cannot be exchanged atomically with portable calls, so between moving the old version
 * aside and moving the new one in there is no `<name>/`; both versions are complete then, and
 * recovery restores the old one (the one the run's log last recorded as its checkpoint).
 */
export type SwapStep = 'created' | 'filled' | 'staged' | 'retired' | 'swapped';

export interface ReplaceDirOptions {
  /** Awaited after each step; lets a test stop the process at an exact point of the swap. */
  onStep?: (step: SwapStep) => Promise<void>;
}

type LeftoverKind = 'tmp' | 'new' | 'old';

const leftoverPattern = (name: string): RegExp => new RegExp(`^\\.${escapeRegExp(name)}\\.(tmp|new|old)\\.[A-Za-z0-9.]+$`);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function replaceDirAtomic<T>(target: string, fill: (tempDir: string) => Promise<T>, opts: ReplaceDirOptions = {}): Promise<T> {
  const step = opts.onStep ?? (async () => undefined);
  const parent = dirname(target);
  const name = basename(target);
  const tag = `${process.pid}.${randomBytes(3).toString('hex')}`;
  const writing = join(parent, `.${name}.tmp.${tag}`);
  const fresh = join(parent, `.${name}.new.${tag}`);
  const old = join(parent, `.${name}.old.${tag}`);
  await mkdir(writing, { recursive: true });
  await step('created');
  let result: T;
  try {
    result = await fill(writing);
    await fsyncDir(writing);
  } catch (err) {
    await rm(writing, { recursive: true, force: true });
    throw err;
  }
  await step('filled');
  await rename(writing, fresh);
  await fsyncDir(parent);
  await step('staged');
  const hadOld = existsSync(target);
  if (hadOld) {
    await rename(target, old);
    await fsyncDir(parent);
    await step('retired');
  }
  await rename(fresh, target);
  await fsyncDir(parent);
  await step('swapped');
  if (hadOld) await rm(old, { recursive: true, force: true });
  return result;
}

export interface Recovery {
  /** Which leftover was moved back into place, when `<name>/` was missing. */
  restored?: LeftoverKind;
  /** Leftover folders removed. */
  removed: string[];
}

/**
 * Puts the folder a killed `replaceDirAtomic` left aside back in place and removes the rest.
 * Must not run while a live process may still be swapping the same folder.
 */
export async function recoverReplacedDir(target: string, requiredFile = 'model.json'): Promise<Recovery> {
  const parent = dirname(target);
  const name = basename(target);
  const pattern = leftoverPattern(name);
  let entries: string[];
  try {
    entries = (await readdir(parent)).filter((entry) => pattern.test(entry));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { removed: [] };
    throw err;
  }
  const recovery: Recovery = { removed: [] };
  if (entries.length === 0) return recovery;
  if (!existsSync(target)) {
    const candidate = await pickRestorable(parent, name, entries, requiredFile);
    if (candidate) {
      await rename(join(parent, candidate.entry), target);
      recovery.restored = candidate.kind;
      entries = entries.filter((e) => e !== candidate.entry);
    }
  }
  for (const entry of entries) {
    await rm(join(parent, entry), { recursive: true, force: true });
    recovery.removed.push(entry);
  }
  await fsyncDir(parent);
  return recovery;
}

/** The previous version first (the run's log names it as the checkpoint), else a complete new one; newest first within a kind. */
async function pickRestorable(parent: string, name: string, entries: string[], requiredFile: string): Promise<{ entry: string; kind: LeftoverKind } | undefined> {
  const ranked: { entry: string; kind: LeftoverKind; mtime: number }[] = [];
  for (const entry of entries) {
    const kind = entry.slice(name.length + 2, name.length + 5) as LeftoverKind;
    if (kind === 'tmp') continue;
    // An older version of this code filled `.new` in place: without its main file it may be partial.
    const info = await stat(join(parent, entry, requiredFile)).catch(() => undefined);
    if (!info) continue;
    ranked.push({ entry, kind, mtime: info.mtimeMs });
  }
  ranked.sort((a, b) => (a.kind !== b.kind ? (a.kind === 'old' ? -1 : 1) : b.mtime - a.mtime));
  return ranked[0];
}
