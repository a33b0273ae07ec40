import { classifyColumn } from './column-types';
import type { ColumnarTable, RaggedRows, TypedColumn } from './columnar';
import { DataError } from './data-error';
import { parseDate, type DateDetection } from './dates';
import { generatedNames, isHeaderRow } from './header';
import { isMissingCell, parseNumber } from './numbers';
import type { RawTable } from './raw-table';

/** Typed column from text cells of a known kind (also used when a column's kind is revised). */
export function typedFromTexts(cells: string[], kind: TypedColumn['kind'], date: DateDetection | undefined, decimalComma: boolean): TypedColumn {
  if (kind !== 'numeric' && kind !== 'date') return { kind, texts: cells };
  const values = new Float64Array(cells.length);
  const unreadable = new Map<number, string>();
  for (let r = 0; r < cells.length; r++) {
    const cell = cells[r];
    const value = kind === 'date' ? parseDate(cell, date!.format) : parseNumber(cell, decimalComma);
    values[r] = value;
    if (Number.isNaN(value) && !isMissingCell(cell)) unreadable.set(r, cell);
  }
  if (kind === 'date') return { kind, date: date!, values, unreadable, example: cells.find((c) => !isMissingCell(c)) ?? '' };
  return { kind, values, unreadable };
}

/** Records from JSON or a spreadsheet → typed columns: header detection, ragged rows, column types. */
export function recordsToColumns(raw: RawTable, file: string): ColumnarTable {
  if (raw.records.length === 0 && !raw.header) throw new DataError('empty-file', 'the file holds no data', { file, hint: 'Choose a file with a table of values.' });
  const headerFromRow = !raw.header && isHeaderRow(raw.records[0], raw.decimalComma);
  const records = headerFromRow ? raw.records.slice(1) : raw.records;
  const lines = headerFromRow ? raw.lines.slice(1) : raw.lines;
  const names = raw.header ?? (headerFromRow ? raw.records[0] : generatedNames(raw.records[0].length));
  if (names.length === 0) throw new DataError('no-columns', 'the file has no columns', { file });
  if (records.length === 0) throw new DataError('empty-file', 'the file has a header but no data rows', { file, hint: 'Add rows of values below the header.' });
  const width = names.length;
  const ragged: RaggedRows = { rows: [], cells: [] };
  records.forEach((record, r) => {
    if (record.length === width) return;
    ragged.rows.push(r);
    if (ragged.cells.length < 5) ragged.cells.push(record.length);
  });
  const columns = names.map((name, c) => {
    const cells = records.map((record) => record[c] ?? '');
    const typing = classifyColumn(name, cells, raw.decimalComma);
    return typedFromTexts(cells, typing.kind, typing.date, raw.decimalComma);
  });
  return {
    names,
    namedByFile: !!raw.header || headerFromRow,
    rowCount: records.length,
    lines: Int32Array.from(lines),
    columns,
    sourceWord: raw.sourceWord,
    decimalComma: raw.decimalComma,
    issues: raw.issues,
    ragged,
  };
}
