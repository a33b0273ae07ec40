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
  return { records, lines, header, sourceWord: 'record', decimalComma: false, issues: [] };
}

/** Column names in order of first appearance across all records. */
function unionOfKeys(objects: Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const object of objects) for (const key of Object.keys(object)) seen.add(key);
  return [...seen];
}

/** A table is an array of records or rows: anything nested deeper is not one, and recursion over it could overflow the stack. */
export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of arrays and objects, counted outside strings, stopping past `limit`. */
function nestingDepth(text: string, limit: number): { depth: number; at: number } {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++; // backslash: skip the escaped character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 || ch === 123) {
      if (++depth > limit) return { depth, at: i };
    } else if (ch === 93 || ch === 125) depth--;
  }
  return { depth: 0, at: -1 };
}

/** The 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Accepts an array of records ([{"date": …, "sales": …}, …]), {"columns": [...], "rows": [[...], …]},
 * or an array of arrays (first row may be a header).
 */
export function parseJsonText(text: string, file: string): RawTable {
  const deep = nestingDepth(text, MAX_JSON_DEPTH);
  if (deep.at >= 0) {
    throw new DataError('too-deep', `the JSON is nested more than ${MAX_JSON_DEPTH} levels deep (line ${lineAt(text, deep.at)}), deeper than any table`, {
      file,
      hint: 'Save the data as an array of records like [{"date": "2024-01-01", "sales": 3}], or as CSV.',
    });
  }
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
