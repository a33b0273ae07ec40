import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDirs, RunStoreError } from '../../../src-main/engine/run';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'rnn-make-dirs-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('makeDirs', () => {
  it('creates missing levels, and accepts an existing folder', async () => {
    const deep = join(root, 'a', 'b', 'c');
    expect(await makeDirs(deep)).toBe(deep);
    expect(existsSync(deep)).toBe(true);
    expect(await makeDirs(deep)).toBe(deep);
  });

  it('refuses under /proc at once, where recursive mkdir would never return', async () => {
    await expect(makeDirs('/proc/rnn-studio/x/y')).rejects.toThrow('cannot create the folder /proc/rnn-studio (ENOENT)');
    await expect(makeDirs('/proc/rnn-studio/x/y')).rejects.toBeInstanceOf(RunStoreError);
  });

  it('refuses a path through a file, and missing parents when only the last level may be made', async () => {
    await writeFile(join(root, 'file'), 'x');
    await expect(makeDirs(join(root, 'file', 'sub'), { what: '--out' })).rejects.toThrow(`--out: ${join(root, 'file')} is not a folder`);
    await expect(makeDirs(join(root, 'p', 'q'), { parents: false })).rejects.toThrow(`${join(root, 'p')} does not exist`);
    expect(existsSync(join(root, 'p'))).toBe(false);
  });
});
