import { parquetMetadata, parquetRead } from 'hyparquet';
import { DataError } from './data-error';
import type { RawTable } from './raw-table';

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A Parquet timestamp or date as the ISO text the rest of the loader reads ('2024-01-03' or '2024-01-03 06:30:00'). */
function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const day = `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
  const ms = date.getTime() % 86_400_000;
  if (ms === 0) return day;
  const time = `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
  return `${day} ${time}${date.getUTCMilliseconds() ? `.${String(date.getUTCMilliseconds()).padStart(3, '0')}` : ''}`;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
}

/**
 * Reads a Parquet file's columns (every row group) with hyparquet, a pure-JavaScript reader; each
 * row keeps its 1-based row number for messages. Nested columns arrive as JSON text.
 */
export async function parseParquetBytes(bytes: Buffer, file: string): Promise<RawTable> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let header: string[];
  let rows: unknown[][] = [];
  try {
    const metadata = parquetMetadata(buffer);
    header = metadata.schema.slice(1).filter((element) => !element.num_children).map((element) => element.name);
    await parquetRead({
      file: buffer,
      metadata,
      rowFormat: 'array',
      onComplete: (data: unknown[][]) => {
        rows = data;
      },
    });
  } catch (error) {
    throw new DataError('unreadable-file', `not a readable Parquet file (${(error as Error).message})`, { file, hint: 'Check that the file is complete, or export the table as CSV.' });
  }
  if (rows.length === 0) throw new DataError('empty-file', 'the Parquet file has no rows', { file, hint: 'Choose a file with a table of values.' });
  const records = rows.map((row) => row.map(cellText));
  return { records, lines: records.map((_, i) => i + 1), header, sourceWord: 'record', decimalComma: false, issues: [] };
}
