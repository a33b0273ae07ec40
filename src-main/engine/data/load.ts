import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { DatasetFormat } from '../spec';
import { buildTable } from './build-table';
import { DataError } from './data-error';
import { parseCsvText, readCsvFile } from './parse-csv';
import { parseJsonText } from './parse-json';
import { parseXlsxBytes } from './parse-xlsx';
import type { RawTable } from './raw-table';
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
};

/** The format a file name implies, or undefined when the extension says nothing. */
export function formatFromName(name: string): DatasetFormat | undefined {
  return BY_EXTENSION[path.extname(name).toLowerCase()];
}

/** For names without a known extension: a zip (xlsx) starts with "PK", JSON with '[' or '{'. */
function sniffFormat(bytes: Buffer): DatasetFormat {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'xlsx';
  const start = bytes.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('[') || start.startsWith('{')) return 'json';
  return 'csv';
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function parseBytes(format: DatasetFormat, bytes: Buffer, name: string): RawTable {
  switch (format) {
    case 'xlsx':
      return parseXlsxBytes(bytes, name);
    case 'json':
      return parseJsonText(bytes.toString('utf8'), name);
    case 'tsv':
      return parseCsvText(bytes.toString('utf8'), '\t');
    case 'csv':
      return parseCsvText(bytes.toString('utf8'));
  }
}

/** Parses a table from memory (an upload); `name` decides the format by its extension. */
export async function parseTable(name: string, content: Buffer | string, opts: LoadOptions & { path?: string } = {}): Promise<Table> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  if (opts.signal?.aborted) throw new DataError('aborted', 'loading was cancelled', { file: name });
  if (bytes.length === 0) throw new DataError('empty-file', 'the file is empty', { file: name, hint: 'Choose a file with a table of values.' });
  const format = formatFromName(name) ?? sniffFormat(bytes);
  const raw = parseBytes(format, bytes, name);
  const table = buildTable(raw, { name, path: opts.path, format, sha256: sha256(bytes) });
  opts.onProgress?.(1);
  return table;
}

/** Loads a CSV/TSV (streamed, with progress), JSON or XLSX file. Fixable problems become summary.issues; only unreadable, empty or column-less files throw. */
export async function loadTableFile(filePath: string, opts: LoadOptions = {}): Promise<Table> {
  const name = path.basename(filePath);
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(filePath);
  } catch (error) {
    throw new DataError('unreadable-file', `cannot open the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, {
      file: filePath,
      hint: 'Check the path and that the file exists.',
    });
  }
  if (!stat.isFile()) throw new DataError('unreadable-file', 'this is not a file', { file: filePath });
  if (stat.size === 0) throw new DataError('empty-file', 'the file is empty', { file: name, hint: 'Choose a file with a table of values.' });
  const format = formatFromName(name);
  if (format === 'csv' || format === 'tsv') {
    const { raw, sha256: hash } = await readCsvFile(filePath, { ...opts, delimiter: format === 'tsv' ? '\t' : undefined });
    const table = buildTable(raw, { name, path: filePath, format, sha256: hash });
    opts.onProgress?.(1);
    return table;
  }
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(filePath, { signal: opts.signal });
  } catch (error) {
    if (opts.signal?.aborted) throw new DataError('aborted', 'loading was cancelled', { file: name });
    throw new DataError('unreadable-file', `cannot read the file (${(error as Error).message})`, { file: filePath });
  }
  return parseTable(name, bytes, { ...opts, path: filePath });
}
