/**
 * Where an export may write. An export replaces only regular files (never a link, folder, device or
 * FIFO at the path), creates at most the one folder the user named, and writes each file by
 * temp-and-rename, so a link planted at the destination is replaced rather than written through.
 */
import { lstat, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { apiError } from '../common/contract';
import { makeDirs } from '../engine/run';

/** What is at `path`, in words, or undefined when nothing is. */
async function kindAt(path: string): Promise<string | undefined> {
  const info = await lstat(path).catch(() => undefined);
  if (!info) return undefined;
  if (info.isFile()) return 'file';
  if (info.isDirectory()) return 'folder';
  if (info.isSymbolicLink()) return 'link';
  if (info.isFIFO()) return 'named pipe';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'device';
  if (info.isSocket()) return 'socket';
  return 'special file';
}

/** Refuses unless nothing or a regular file is at `path`. */
export async function assertReplaceableFile(path: string, where: string): Promise<void> {
  const kind = await kindAt(path);
  if (kind === undefined || kind === 'file') return;
  throw apiError('bad_input', `${path} is a ${kind}, not a regular file; an export only replaces regular files — choose another name`, where);
}

/** A folder to export into: a real folder (created if only it is missing), not a link to one. */
export async function exportFolder(dir: string, where: string): Promise<string> {
  const kind = await kindAt(dir);
  if (kind === undefined) {
    await makeDirs(dir, { parents: false, what: where });
    return dir;
  }
  if (kind !== 'folder') throw apiError('bad_input', `${dir} is a ${kind}, not a folder; choose a folder to export into`, where);
  return dir;
}

/** The folder of a file to write must exist already: nothing is created around a file name. */
export async function assertParentFolder(path: string, where: string): Promise<void> {
  const parent = dirname(path);
  if ((await kindAt(parent)) !== 'folder') throw apiError('bad_input', `${parent} is not an existing folder; choose where to save in a folder that exists`, where);
}

/** An existing model.json may only be replaced when it is an exported tfjs model (ours), not some other file of that name. */
export async function assertModelJsonReplaceable(path: string, where: string): Promise<void> {
  await assertReplaceableFile(path, where);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const looksLikeModel = typeof json === 'object' && json !== null && 'modelTopology' in json && 'weightsManifest' in json;
  if (!looksLikeModel) throw apiError('bad_input', `${path} exists and is not an exported model; choose an empty folder or a previous model export`, where);
}
