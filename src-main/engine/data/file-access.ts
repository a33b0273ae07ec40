import * as fs from 'node:fs';
import { DataError } from './data-error';

/** What a failed open or stat means, in words a user can act on. */
export function describeFsError(error: NodeJS.ErrnoException): { problem: string; hint: string } {
  switch (error.code) {
    case 'ENOENT':
      return { problem: 'no such file', hint: 'Check the path and that the file exists.' };
    case 'ELOOP':
      return { problem: 'the path is a loop of symbolic links (a link that leads back to itself)', hint: 'Point it at the real file.' };
    case 'EACCES':
    case 'EPERM':
      return { problem: 'permission denied', hint: 'Make the file readable for your user, or copy it somewhere you can read.' };
    case 'EISDIR':
      return { problem: 'this is a folder, not a file', hint: 'Choose a data file inside it.' };
    case 'ENOTDIR':
      return { problem: 'a part of the path is not a folder', hint: 'Check the path.' };
    case 'ENAMETOOLONG':
      return { problem: 'the path is too long', hint: 'Use a shorter path.' };
    default:
      return { problem: `cannot open the file (${error.code ?? error.message})`, hint: 'Check the path and the file.' };
  }
}

/** Stats a data file and refuses anything that is not a regular file before it is opened (a FIFO would hang a read). */
export async function statDataFile(filePath: string): Promise<fs.Stats> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(filePath);
  } catch (error) {
    const { problem, hint } = describeFsError(error as NodeJS.ErrnoException);
    throw new DataError('unreadable-file', problem, { file: filePath, hint });
  }
  if (stat.isDirectory()) throw new DataError('unreadable-file', 'this is a folder, not a file', { file: filePath, hint: 'Choose a data file inside it.' });
  if (stat.isFIFO()) throw new DataError('unreadable-file', 'this is a named pipe, not a file', { file: filePath, hint: 'Save the data to a regular file first.' });
  if (stat.isCharacterDevice() || stat.isBlockDevice()) throw new DataError('unreadable-file', 'this is a device, not a file', { file: filePath, hint: 'Choose a data file.' });
  if (stat.isSocket()) throw new DataError('unreadable-file', 'this is a socket, not a file', { file: filePath, hint: 'Choose a data file.' });
  return stat;
}

/** Reads up to `limit` bytes from the start of a file. */
export async function readHead(filePath: string, limit: number): Promise<Buffer> {
  const handle = await fs.promises.open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(limit);
    let filled = 0;
    // Pseudo files (/proc) report size 0 and hand out their content in pieces.
    while (filled < limit) {
      const { bytesRead } = await handle.read(buffer, filled, limit - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
