import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { DatasetFormat } from '../spec';
import { buildTable } from './build-table';
import { DataError } from './data-error';
import { chooseDelimiter } from './parse-csv';
import { bufferSource, fileSource, readCsvColumns } from './csv-columns';
import type { ColumnarTable } from './columnar';
import { recordsToColumns } from './records-to-columns';
import { parseJsonText } from './parse-json';
import { parseXlsxBytes } from './parse-xlsx';
import { memoryParquet, openParquetFile, parseParquet } from './parse-parquet';
import { describeFsError, readHead, statDataFile } from './file-access';
import { assertText, decodeText, detectEncoding } from './text-encoding';
import type { LoadOptions, Table } from './types';

const BY_EXTENSION: Record<string, DatasetFormat> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.json': 'json',
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsx',
  '.xls': 'xlsx',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

/** The format a file name implies, or undefined when the extension says nothing. */
export function formatFromName(name: string): DatasetFormat | undefined {
  return BY_EXTENSION[path.extname(name).toLowerCase()];
}

/** For names without a known extension: a zip (xlsx) starts with "PK", Parquet with "PAR1", JSON with '[' or '{'. */
function sniffFormat(bytes: Buffer): DatasetFormat {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'xlsx';
  if (bytes.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  const start = decodeText(bytes.subarray(0, 256), detectEncoding(bytes)).replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('[') || start.startsWith('{')) return 'json';
  return 'csv';
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Formats that look like a table to a user but are not one this reader opens. */
function refuseForeignBinary(bytes: Buffer, file: string): void {
  if (bytes.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    throw new DataError('unsupported-format', 'this is an old Excel 97–2003 (.xls) workbook, which is not supported', { file, hint: 'Open it in a spreadsheet program and save it as .xlsx or CSV.' });
  }
}

async function parseBytes(format: DatasetFormat, bytes: Buffer, name: string): Promise<ColumnarTable> {
  refuseForeignBinary(bytes, name);
  if (format === 'xlsx') return recordsToColumns(parseXlsxBytes(bytes, name), name);
  if (format === 'parquet') return parseParquet(memoryParquet(bytes), name);
  const encoding = detectEncoding(bytes);
  if (encoding === 'utf8') assertText(bytes, name);
  const utf8 = encoding === 'utf8' ? bytes : Buffer.from(decodeText(bytes, encoding), 'utf8');
  if (format === 'json') return recordsToColumns(parseJsonText(utf8.toString('utf8'), name), name);
  const { delimiter, sepLine } = chooseDelimiter(utf8.subarray(0, SAMPLE_BYTES).toString('utf8'), format === 'tsv' ? '\t' : undefined);
  return (await readCsvColumns(bufferSource(utf8), { delimiter, sepLine, file: name })).table;
}

/** Parses a table from memory (an upload); `name` decides the format by its extension. */
export async function parseTable(name: string, content: Buffer | string, opts: LoadOptions & { path?: string } = {}): Promise<Table> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  if (opts.signal?.aborted) throw new DataError('aborted', 'loading was cancelled', { file: name });
  if (bytes.length === 0) throw new DataError('empty-file', 'the file is empty', { file: name, hint: 'Choose a file with a table of values.' });
  const format = formatFromName(name) ?? sniffFormat(bytes);
  const raw = await parseBytes(format, bytes, name);
  const table = buildTable(raw, { name, path: opts.path, format, sha256: sha256(bytes) });
  opts.onProgress?.(1);
  return table;
}

/** Most bytes read from a file whose size the system does not report (/proc files). */
const UNSIZED_LIMIT = 64 * 2 ** 20;
const HEAD_BYTES = 64 * 1024;
const SAMPLE_BYTES = 64 * 1024;

/** Loads a CSV/TSV (streamed, with progress), JSON or XLSX file. Fixable problems become summary.issues; unusable files throw a DataError. */
export async function loadTableFile(filePath: string, opts: LoadOptions = {}): Promise<Table> {
  const name = path.basename(filePath);
  const stat = await statDataFile(filePath);
  let head: Buffer;
  try {
    head = await readHead(filePath, stat.size === 0 ? UNSIZED_LIMIT + 1 : HEAD_BYTES);
  } catch (error) {
    const { problem, hint } = describeFsError(error as NodeJS.ErrnoException);
    throw new DataError('unreadable-file', problem, { file: filePath, hint });
  }
  if (head.length === 0) throw new DataError('empty-file', 'the file is empty', { file: name, hint: 'Choose a file with a table of values.' });
  if (stat.size === 0) {
    // A pseudo file (size unknown until read): what was read is the whole content.
    if (head.length > UNSIZED_LIMIT) throw new DataError('too-large', `the file reports no size and holds more than ${UNSIZED_LIMIT / 2 ** 20} MB`, { file: filePath, hint: 'Copy the data into a regular file first.' });
    return parseTable(name, head, { ...opts, path: filePath });
  }
  const format = formatFromName(name) ?? sniffFormat(head);
  if ((format === 'csv' || format === 'tsv') && detectEncoding(head) === 'utf8') {
    refuseForeignBinary(head, name);
    assertText(head, name);
    const { delimiter, sepLine } = chooseDelimiter(head.subarray(0, SAMPLE_BYTES).toString('utf8'), format === 'tsv' ? '\t' : undefined);
    const { table: raw, sha256: hash } = await readCsvColumns(fileSource(filePath, stat.size), { delimiter, sepLine, file: name, onProgress: opts.onProgress, signal: opts.signal });
    const table = buildTable(raw, { name, path: filePath, format, sha256: hash });
    opts.onProgress?.(1);
    return table;
  }
  if (format === 'parquet') return loadParquetFile(filePath, name, stat.size, opts);
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(filePath, { signal: opts.signal });
  } catch (error) {
    if (opts.signal?.aborted) throw new DataError('aborted', 'loading was cancelled', { file: name });
    throw new DataError('unreadable-file', `cannot read the file (${(error as Error).message})`, { file: filePath });
  }
  return parseTable(name, bytes, { ...opts, path: filePath });
}

/** The SHA-256 of a file, read in chunks. */
async function fileSha256(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A Parquet file is read by byte ranges, column by column, so the whole file is never in memory at once. */
async function loadParquetFile(filePath: string, name: string, size: number, opts: LoadOptions): Promise<Table> {
  let opened: Awaited<ReturnType<typeof openParquetFile>>;
  try {
    opened = await openParquetFile(filePath, size);
  } catch (error) {
    const { problem, hint } = describeFsError(error as NodeJS.ErrnoException);
    throw new DataError('unreadable-file', problem, { file: filePath, hint });
  }
  try {
    const raw = await parseParquet(opened.source, name, opts.onProgress);
    if (opts.signal?.aborted) throw new DataError('aborted', 'loading was cancelled', { file: name });
    const table = buildTable(raw, { name, path: filePath, format: 'parquet', sha256: await fileSha256(filePath) });
    opts.onProgress?.(1);
    return table;
  } finally {
    await opened.close();
  }
}
