import * as fs from 'node:fs';
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData, type SchemaElement, type SchemaTree } from 'hyparquet';
import { classifyColumn } from './column-types';
import type { ColumnarTable, TypedColumn } from './columnar';
import { DataError } from './data-error';
import { typedFromTexts } from './records-to-columns';

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A Parquet timestamp or date as ISO text ('2024-01-03' or '2024-01-03 06:30:00'): the example shown in messages. */
export function dateText(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return '';
  const day = `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
  if (((ms % 86_400_000) + 86_400_000) % 86_400_000 === 0) return day;
  const time = `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
  return `${day} ${time}${date.getUTCMilliseconds() ? `.${String(date.getUTCMilliseconds()).padStart(3, '0')}` : ''}`;
}

/** Timestamps and dates decoded straight to epoch ms (no Date object per cell); the schema says which columns they are. */
const EPOCH_MS_PARSERS = {
  timestampFromMilliseconds: (millis: bigint): number => Number(millis),
  timestampFromMicroseconds: (micros: bigint): number => Number(micros / 1000n),
  timestampFromNanoseconds: (nanos: bigint): number => Number(nanos / 1_000_000n),
  dateFromDays: (days: number): number => days * 86_400_000,
};

type ParquetKind = 'date' | 'numeric' | 'text';

function kindOf(node: SchemaTree): ParquetKind {
  if (node.children.length > 0) return 'text';
  const element: SchemaElement = node.element;
  const logical = element.logical_type?.type;
  const converted = element.converted_type;
  if (logical === 'TIMESTAMP' || logical === 'DATE' || converted === 'DATE' || converted === 'TIMESTAMP_MILLIS' || converted === 'TIMESTAMP_MICROS' || (element.type === 'INT96' && !converted)) return 'date';
  if (element.type === 'INT32' || element.type === 'INT64' || element.type === 'FLOAT' || element.type === 'DOUBLE') return 'numeric';
  // DECIMAL over byte arrays decodes to numbers too.
  if (converted === 'DECIMAL' || logical === 'DECIMAL') return 'numeric';
  return 'text';
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return dateText(value.getTime());
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
}

/** A cell of a numeric or date column as a number; null (and a stored NaN) is a missing value. */
function cellNumber(value: unknown): number {
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  return Number.NaN;
}

/** Calls `onCell(row, value)` for every cell of one top-level column, row group by row group. */
async function eachCell(buffer: AsyncBuffer, metadata: FileMetaData, name: string, onCell: (row: number, value: unknown) => void): Promise<void> {
  await parquetRead({
    file: buffer,
    metadata,
    columns: [name],
    parsers: EPOCH_MS_PARSERS,
    onChunk: ({ columnData, rowStart }) => {
      for (let i = 0; i < columnData.length; i++) onCell(rowStart + i, columnData[i]);
    },
  });
}

/**
 * One column into the typed form the CSV reader builds. Numbers and dates go straight into a
 * Float64Array; text columns are typed like CSV text by the shared builder (a column of numbers
 * stored as strings is still numeric).
 */
async function readColumn(buffer: AsyncBuffer, metadata: FileMetaData, node: SchemaTree, rows: number): Promise<TypedColumn> {
  const name = node.element.name;
  const kind = kindOf(node);
  if (kind === 'text') {
    const texts = new Array<string>(rows).fill('');
    await eachCell(buffer, metadata, name, (row, value) => {
      if (row < rows) texts[row] = cellText(value);
    });
    const typing = classifyColumn(name, texts, false);
    return typedFromTexts(texts, typing.kind, typing.date, false);
  }
  const values = new Float64Array(rows).fill(Number.NaN);
  await eachCell(buffer, metadata, name, (row, value) => {
    if (row < rows) values[row] = cellNumber(value);
  });
  if (kind === 'numeric') return { kind: 'numeric', values, unreadable: new Map() };
  let example = '';
  for (let r = 0; r < rows && example === ''; r++) if (!Number.isNaN(values[r])) example = dateText(values[r]);
  return { kind: 'date', date: { format: 'ymd', ambiguous: false }, values, unreadable: new Map(), example };
}

/** Bytes in memory (an upload) as hyparquet's file-like buffer; a whole-file Buffer is not copied. */
export function memoryParquet(bytes: Buffer): AsyncBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return (whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer;
}

/**
 * A Parquet file read by byte ranges: only the column chunk being decoded is in memory, never the
 * whole file. Close the handle when done.
 */
export async function openParquetFile(filePath: string, size: number): Promise<{ source: AsyncBuffer; close: () => Promise<void> }> {
  const handle = await fs.promises.open(filePath, 'r');
  const source: AsyncBuffer = {
    byteLength: size,
    slice: async (start, end = size) => {
      const bytes = Buffer.allocUnsafeSlow(Math.max(0, end - start));
      let done = 0;
      while (done < bytes.length) {
        const { bytesRead } = await handle.read(bytes, done, bytes.length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return bytes.buffer.slice(0, done) as ArrayBuffer;
    },
  };
  return { source, close: () => handle.close() };
}

/**
 * Reads a Parquet table with hyparquet (pure JavaScript), one column at a time over every row group,
 * into typed columns. Each row's number is its 1-based record number, for messages. Nested columns
 * arrive as JSON text.
 */
export async function parseParquet(source: AsyncBuffer, file: string, onProgress?: (fraction: number) => void): Promise<ColumnarTable> {
  let metadata: FileMetaData;
  let nodes: SchemaTree[];
  try {
    metadata = await parquetMetadataAsync(source, { parsers: EPOCH_MS_PARSERS });
    nodes = parquetSchema(metadata).children;
  } catch (error) {
    throw new DataError('unreadable-file', `not a readable Parquet file (${(error as Error).message})`, { file, hint: 'Check that the file is complete, or export the table as CSV.' });
  }
  const rows = Number(metadata.num_rows);
  if (rows === 0) throw new DataError('empty-file', 'the Parquet file has no rows', { file, hint: 'Choose a file with a table of values.' });
  if (nodes.length === 0) throw new DataError('no-columns', 'the file has no columns', { file });
  const columns: TypedColumn[] = [];
  for (const node of nodes) {
    try {
      columns.push(await readColumn(source, metadata, node, rows));
    } catch (error) {
      throw new DataError('unreadable-file', `not a readable Parquet file: column "${node.element.name}" cannot be decoded (${(error as Error).message})`, { file, hint: 'Check that the file is complete, or export the table as CSV.' });
    }
    onProgress?.(columns.length / nodes.length);
  }
  const lines = new Int32Array(rows);
  for (let r = 0; r < rows; r++) lines[r] = r + 1;
  return {
    names: nodes.map((node) => node.element.name),
    namedByFile: true,
    rowCount: rows,
    lines,
    columns,
    sourceWord: 'record',
    decimalComma: false,
    issues: [],
    ragged: { rows: [], cells: [] },
  };
}
