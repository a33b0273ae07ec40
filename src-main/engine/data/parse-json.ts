import { DataError } from './data-error';
import { isEmptyRecord, type RawTable } from './raw-table';

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fromRows(rows: unknown[][], header: string[] | undefined): RawTable {
  const records: string[][] = [];
  const lines: number[] = [];
  rows.forEach((row, index) => {
    const record = row.map(cellText);
    if (isEmptyRecord(record)) return;
    records.push(record);
    lines.push(index + 1);
  });
  return { records, lines, header, locator: 'record', decimalComma: false, issues: [] };
}

/** Column names in order of first appearance across all records. */
function unionOfKeys(objects: Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const object of objects) for (const key of Object.keys(object)) seen.add(key);
  return [...seen];
}

/**
 * Accepts an array of records ([{"date": …, "sales": …}, …]), {"columns": [...], "rows": [[...], …]},
 * or an array of arrays (first row may be a header).
 */
export function parseJsonText(text: string, file: string): RawTable {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new DataError('unreadable-file', `not valid JSON (${(error as Error).message})`, {
      file,
      hint: 'Save the file as JSON, or as CSV if it is a table.',
    });
  }
  const shapeHint = 'Expected an array of records like [{"date": "2024-01-01", "sales": 3}], or {"columns": [...], "rows": [[...]]}.';
  if (Array.isArray(data)) {
    if (data.length === 0) throw new DataError('empty-file', 'the JSON array is empty', { file, hint: shapeHint });
    if (data.every(isRecord)) {
      const header = unionOfKeys(data);
      return fromRows(data.map((record) => header.map((key) => record[key])), header);
    }
    if (data.every(Array.isArray)) return fromRows(data as unknown[][], undefined);
    throw new DataError('unsupported-format', 'the JSON array mixes records and other values', { file, hint: shapeHint });
  }
  if (isRecord(data) && Array.isArray(data.columns) && Array.isArray(data.rows)) {
    const rows = data.rows;
    const bad = rows.findIndex((row) => !Array.isArray(row));
    if (bad >= 0) throw new DataError('unsupported-format', `"rows" entry ${bad + 1} is not an array`, { file, hint: shapeHint });
    return fromRows(rows as unknown[][], data.columns.map(cellText));
  }
  throw new DataError('unsupported-format', 'the JSON is not a table', { file, hint: shapeHint });
}
