import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsyncDir } from './atomic-write';

/**
 * Replaces a directory's contents as one step: `fill` writes into a fresh sibling folder, which is
 * then swapped in. A crash leaves either the previous model or the new one, never a mix of files.
 */
export async function replaceDirAtomic<T>(target: string, fill: (tempDir: string) => Promise<T>): Promise<T> {
  const parent = dirname(target);
  const tag = `${process.pid}.${randomBytes(3).toString('hex')}`;
  const fresh = join(parent, `.${basename(target)}.new.${tag}`);
  const old = join(parent, `.${basename(target)}.old.${tag}`);
  await mkdir(fresh, { recursive: true });
  let result: T;
  try {
    result = await fill(fresh);
    await fsyncDir(fresh);
  } catch (err) {
    await rm(fresh, { recursive: true, force: true });
    throw err;
  }
  const hadOld = existsSync(target);
  if (hadOld) await rename(target, old);
  await rename(fresh, target);
  await fsyncDir(parent);
  if (hadOld) await rm(old, { recursive: true, force: true });
  return result;
}
