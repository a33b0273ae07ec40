/**
 * Receives an uploaded file as a stream and saves it in the data folder without ever holding it
 * whole: the bytes go to `<dataDir>/.uploads/<random>.part` while they are counted and hashed, and
 * the finished file is renamed to `<dataDir>/<sha256 prefix>/<name>` (the place the base64 upload
 * and `datasets.openUpload` use). Over the limit, cancelled or failed, the partial file is removed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { UploadReceipt } from '../common/contract';
import { makeDirs } from '../engine/run';
import { safeFileName } from './dataset-registry';

/** Why an upload was refused; `status` is the HTTP status the host answers with. */
export class UploadRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 499 | 500,
    message: string,
  ) {
    super(message);
    this.name = 'UploadRefused';
  }
}

export const UPLOAD_TEMP_FOLDER = '.uploads';

export function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(bytes >= 100 * 1024 * 1024 ? 0 : 1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

export function tooLarge(name: string, bytes: number | undefined, maxBytes: number): UploadRefused {
  const size = bytes === undefined ? 'larger than' : `${describeBytes(bytes)}, over`;
  return new UploadRefused(
    413,
    `${name} is ${size} this host's upload limit of ${describeBytes(maxBytes)}; start the host with --max-upload-mb N to allow larger files, or open the file in the desktop app or with the CLI (rnn-studio inspect --data FILE)`,
  );
}

/** Saves `body` (at most maxBytes) under dataDir; rejects with UploadRefused and leaves nothing behind otherwise. */
export async function receiveUpload(dataDir: string, name: string, body: Readable, maxBytes: number): Promise<UploadReceipt> {
  const safeName = safeFileName(name);
  const tempFolder = join(dataDir, UPLOAD_TEMP_FOLDER);
  await makeDirs(tempFolder, { what: 'upload folder' });
  const temp = join(tempFolder, `${randomBytes(8).toString('hex')}.part`);
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) return done(tooLarge(safeName, undefined, maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, meter, createWriteStream(temp, { flags: 'wx' }));
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    if (err instanceof UploadRefused) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || (body as { aborted?: boolean }).aborted) {
      throw new UploadRefused(499, `the upload of ${safeName} was cancelled before it finished; nothing was kept`);
    }
    throw new UploadRefused(500, `could not save ${safeName} in ${dataDir}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (bytes === 0) {
    await unlink(temp).catch(() => undefined);
    throw new UploadRefused(400, `${safeName} is empty (0 bytes); pick a file with data`);
  }
  const uploadId = hash.digest('hex').slice(0, 16);
  const folder = join(dataDir, uploadId);
  const path = join(folder, safeName);
  try {
    if (await stat(path).catch(() => undefined)) {
      // The same bytes under the same name are already here.
      await unlink(temp);
    } else {
      await makeDirs(folder, { what: 'data folder' });
      await rename(temp, path);
    }
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw new UploadRefused(500, `could not save ${safeName} in ${dataDir}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { uploadId, name: safeName, bytes };
}


/** A day: longer than any upload takes, so only what a host killed mid-upload left behind is old. */
export const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000;

/**
 * Removes partial uploads a host killed mid-upload left in the data folder. Only old ones: another
 * host may share the folder and be receiving a file right now. Returns the names removed.
 */
export async function removeStaleUploads(dataDir: string, now = Date.now(), olderThanMs = STALE_UPLOAD_MS): Promise<string[]> {
  const folder = join(dataDir, UPLOAD_TEMP_FOLDER);
  const names = await readdir(folder).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.endsWith('.part')) continue;
    const info = await stat(join(folder, name)).catch(() => undefined);
    if (!info?.isFile() || now - info.mtimeMs < olderThanMs) continue;
    await unlink(join(folder, name)).then(() => removed.push(name), () => undefined);
  }
  return removed;
}
