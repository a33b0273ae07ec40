import * as XLSX from 'xlsx';
import { DataError } from './data-error';
import { isEmptyRecord, type RawTable } from './raw-table';

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * Spreadsheet dates arrive as Date objects built from the sheet's wall-clock time in the local zone;
 * writing that wall-clock time back as ISO text keeps exactly what the user saw in the cell.
 */
function dateText(date: Date): string {
  const day = `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`;
  const hasTime = date.getHours() || date.getMinutes() || date.getSeconds();
  return hasTime ? `${day} ${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}` : day;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : dateText(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return String(value);
}

/** Reads the first sheet; each record keeps its spreadsheet row number. */
export function parseXlsxBytes(bytes: Buffer, file: string): RawTable {
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(bytes, { type: 'buffer', cellDates: true, dense: true });
  } catch (error) {
    throw new DataError('unreadable-file', `not a readable spreadsheet (${(error as Error).message})`, { file });
  }
  const sheetName = workbook.SheetNames[0];
  if (!sheetName) throw new DataError('empty-file', 'the workbook has no sheets', { file });
  const sheet = workbook.Sheets[sheetName];
  const firstRow = sheet['!ref'] ? XLSX.utils.decode_range(sheet['!ref']).s.r + 1 : 1;
  const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: null, blankrows: true });
  const records: string[][] = [];
  const lines: number[] = [];
  rows.forEach((row, index) => {
    const record = row.map(cellText);
    if (isEmptyRecord(record)) return;
    records.push(record);
    lines.push(firstRow + index);
  });
  return { records, lines, locator: 'row', decimalComma: false, issues: [] };
}
