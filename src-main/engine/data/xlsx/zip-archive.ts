import { Inflate } from 'fflate';

/** One file inside a zip archive, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

export interface InflateLimits {
  /** Most bytes one entry may decompress to. */
  maxBytes: number;
  /** Most decompressed bytes per compressed byte once an entry passes `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

/** Thrown for anything that makes the archive unusable; the reader turns it into a DataError. */
export class ZipProblem extends Error {
  constructor(
    message: string,
    readonly kind: 'corrupt' | 'limit',
  ) {
    super(message);
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const MAX_COMMENT = 0xffff;

function findEndOfCentralDirectory(bytes: Buffer): number {
  const lowest = Math.max(0, bytes.length - 22 - MAX_COMMENT);
  for (let i = bytes.length - 22; i >= lowest; i--) if (bytes.readUInt32LE(i) === EOCD_SIGNATURE) return i;
  throw new ZipProblem('no zip directory found (the file is cut short or is not a zip archive)', 'corrupt');
}

/**
 * Lists the archive's entries from its central directory. Names are kept in a Map, never as object
 * keys, so a hostile entry name cannot reach Object.prototype.
 */
export function readZipDirectory(bytes: Buffer): Map<string, ZipEntry> {
  if (bytes.length < 22) throw new ZipProblem('the file is too short to be a zip archive', 'corrupt');
  const eocd = findEndOfCentralDirectory(bytes);
  const count = bytes.readUInt16LE(eocd + 10);
  const size = bytes.readUInt32LE(eocd + 12);
  let offset = bytes.readUInt32LE(eocd + 16);
  if (offset === 0xffffffff || size === 0xffffffff) throw new ZipProblem('zip64 archives (over 4 GB) are not supported', 'limit');
  if (offset + size > bytes.length) throw new ZipProblem('the zip directory points past the end of the file', 'corrupt');
  const entries = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== CENTRAL_SIGNATURE) throw new ZipProblem('the zip directory is damaged', 'corrupt');
    const method = bytes.readUInt16LE(offset + 10);
    const compressedSize = bytes.readUInt32LE(offset + 20);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    const localHeaderOffset = bytes.readUInt32LE(offset + 42);
    const name = bytes.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.set(name, { name, method, compressedSize, localHeaderOffset });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function compressedData(bytes: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL_SIGNATURE) throw new ZipProblem(`entry '${entry.name}' is damaged`, 'corrupt');
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipProblem(`entry '${entry.name}' runs past the end of the file`, 'corrupt');
  return bytes.subarray(start, end);
}

const CHUNK = 64 * 1024;

/**
 * Decompresses one entry, counting the output as it comes: a zip bomb is stopped at the limit,
 * whatever sizes its headers claim.
 */
export function inflateEntry(bytes: Buffer, entry: ZipEntry, limits: InflateLimits): Buffer {
  const data = compressedData(bytes, entry);
  if (entry.method === 0) {
    if (data.length > limits.maxBytes) throw new ZipProblem(`'${entry.name}' is larger than the ${limits.maxBytes / 2 ** 20} MB limit`, 'limit');
    return data;
  }
  if (entry.method !== 8) throw new ZipProblem(`entry '${entry.name}' uses an unsupported compression method (${entry.method})`, 'corrupt');
  const chunks: Uint8Array[] = [];
  let total = 0;
  let consumed = 0;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > limits.maxBytes) {
      throw new ZipProblem(`'${entry.name}' decompresses to more than the ${limits.maxBytes / 2 ** 20} MB limit`, 'limit');
    }
    if (total > limits.ratioFloorBytes && total > consumed * limits.maxRatio) {
      throw new ZipProblem(`'${entry.name}' decompresses to more than ${limits.maxRatio} times its compressed size (a zip bomb)`, 'limit');
    }
    chunks.push(chunk);
  });
  try {
    for (let at = 0; at < data.length; at += CHUNK) {
      consumed = Math.min(data.length, at + CHUNK);
      inflater.push(data.subarray(at, consumed), consumed >= data.length);
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof ZipProblem) throw error;
    throw new ZipProblem(`entry '${entry.name}' cannot be decompressed (${(error as Error).message})`, 'corrupt');
  }
  return Buffer.concat(chunks, total);
}
