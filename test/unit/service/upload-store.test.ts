import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStaleUploads, STALE_UPLOAD_MS, UPLOAD_TEMP_FOLDER } from '../../../src-main/service/upload-store';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('removeStaleUploads', () => {
  it('removes partial uploads older than a day and leaves fresh ones and other files', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rnn-stale-uploads-'));
    const folder = join(dir, UPLOAD_TEMP_FOLDER);
    await mkdir(folder);
    const now = Date.now();
    for (const name of ['old.part', 'fresh.part', 'notes.txt']) await writeFile(join(folder, name), 'x');
    const old = new Date(now - STALE_UPLOAD_MS - 60_000);
    await utimes(join(folder, 'old.part'), old, old);
    await utimes(join(folder, 'notes.txt'), old, old);

    expect(await removeStaleUploads(dir, now)).toEqual(['old.part']);
    expect(existsSync(join(folder, 'old.part'))).toBe(false);
    expect(existsSync(join(folder, 'fresh.part'))).toBe(true);
    expect(existsSync(join(folder, 'notes.txt'))).toBe(true);
  });

  it('does nothing where no upload ever started', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rnn-stale-uploads-'));
    expect(await removeStaleUploads(join(dir, 'missing'))).toEqual([]);
  });
});
