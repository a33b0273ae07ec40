import type { ColumnInfo, DatasetFormat, DatasetIssue } from '../spec';
import { DataError } from './data-error';
import { classifyColumn, type ColumnTyping } from './column-types';
import { isoLabel, parseDate } from './dates';
import { generatedNames, isHeaderRow, normalizeNames } from './header';
import { badDateIssue, constantColumnIssue, MAX_LOCATIONS, mixedDateIssue, numericCellIssues, timelineIssues, type Locator } from './issues';
import { parseNumber } from './numbers';
import type { RawTable } from './raw-table';
import { textColumnStats, valueColumnStats } from './stats';
import type { Table } from './types';

export interface TableSource {
  name: string;
  path?: string;
  format: DatasetFormat;
  sha256: string;
}

/** Above this share of ragged rows the columns no longer line up with the header: the data is refused. */
export const RAGGED_SHARE_LIMIT = 0.05;

/** Pads short rows and cuts long ones to the header's width, reporting each. */
function squareRows(records: string[][], width: number, locator: Locator, headerFromFile: boolean): { rows: string[][]; issues: DatasetIssue[] } {
  const issues: DatasetIssue[] = [];
  const ragged: number[] = [];
  const rows = records.map((record, i) => {
    if (record.length === width) return record;
    ragged.push(i);
    return record.length > width ? record.slice(0, width) : [...record, ...new Array<string>(width - record.length).fill('')];
  });
  const reference = headerFromFile ? 'the header has' : 'the first row has';
  const tooMany = ragged.length > RAGGED_SHARE_LIMIT * records.length;
  ragged.slice(0, MAX_LOCATIONS).forEach((i) => {
    const cells = records[i].length;
    const effect = tooMany
      ? `${Math.round((100 * ragged.length) / records.length)}% of rows do not match, so the columns cannot be trusted`
      : cells > width
        ? 'the extra cells are ignored'
        : 'the missing cells are treated as empty';
    issues.push({
      severity: tooMany ? 'error' : 'warning',
      code: 'ragged-row',
      message: `${locator.word} ${locator.lines[i]} has ${cells} cells, ${reference} ${width}; ${effect} (${ragged.length} such row${ragged.length === 1 ? '' : 's'} in all). Check for stray or missing delimiters.`,
      row: locator.lines[i],
    });
  });
  return { rows, issues };
}

function stableSortByDate(order: number[], dates: number[]): boolean {
  const key = (i: number): number => (Number.isNaN(dates[i]) ? Infinity : dates[i]);
  let sorted = true;
  for (let k = 1; k < order.length; k++) if (key(order[k]) < key(order[k - 1])) sorted = false;
  if (!sorted) order.sort((a, b) => key(a) - key(b) || a - b);
  return sorted;
}

/** Types the columns, finds the date column, sorts by it, and collects stats and issues. */
export function buildTable(raw: RawTable, source: TableSource): Table {
  const file = source.name;
  if (raw.records.length === 0 && !raw.header) throw new DataError('empty-file', 'the file holds no data', { file, hint: 'Choose a file with a table of values.' });
  const headerFromRow = !raw.header && isHeaderRow(raw.records[0], raw.decimalComma);
  const issues: DatasetIssue[] = [...raw.issues];
  const dataRecords = headerFromRow ? raw.records.slice(1) : raw.records;
  const dataLines = headerFromRow ? raw.lines.slice(1) : raw.lines;
  const givenNames = raw.header ?? (headerFromRow ? raw.records[0] : generatedNames(raw.records[0].length));
  if (givenNames.length === 0) throw new DataError('no-columns', 'the file has no columns', { file });
  if (dataRecords.length === 0) throw new DataError('empty-file', 'the file has a header but no data rows', { file, hint: 'Add rows of values below the header.' });
  if (!raw.header && !headerFromRow) {
    issues.push({ severity: 'info', code: 'no-header', message: `the first row holds values, not names, so it is read as data; columns are called ${givenNames.slice(0, 3).join(', ')}${givenNames.length > 3 ? ', …' : ''}.` });
  }
  const { names: header, issues: nameIssues } = normalizeNames(givenNames);
  issues.push(...nameIssues);

  const fileLocator: Locator = { word: raw.locator, lines: dataLines };
  const squared = squareRows(dataRecords, header.length, fileLocator, headerFromRow || !!raw.header);
  issues.push(...squared.issues);

  const columnCells = (rows: string[][], c: number): string[] => rows.map((row) => row[c]);
  const typings: ColumnTyping[] = header.map((name, c) => classifyColumn(name, columnCells(squared.rows, c), raw.decimalComma));
  const dateIndex = typings.findIndex((t) => t.kind === 'date');

  // Sort rows by the date column (stable; unreadable dates last).
  const order = squared.rows.map((_, i) => i);
  let dates: number[] | undefined;
  if (dateIndex >= 0) {
    const format = typings[dateIndex].date!.format;
    const unsortedDates = squared.rows.map((row) => parseDate(row[dateIndex], format));
    if (!stableSortByDate(order, unsortedDates)) {
      issues.push({ severity: 'info', code: 'unsorted-dates', message: `rows were not in date order; they are sorted by '${header[dateIndex]}'.`, column: header[dateIndex] });
    }
    dates = order.map((i) => unsortedDates[i]);
  }
  const rows = order.map((i) => squared.rows[i]);
  const lines = order.map((i) => dataLines[i]);
  const locator: Locator = { word: raw.locator, lines };

  const valuesCache = new Map<number, Float64Array>();
  if (dates) valuesCache.set(dateIndex, Float64Array.from(dates));
  const valuesOf = (c: number): Float64Array => {
    let values = valuesCache.get(c);
    if (!values) {
      values = new Float64Array(rows.length);
      const typing = typings[c];
      for (let r = 0; r < rows.length; r++) {
        values[r] = typing.kind === 'date' ? parseDate(rows[r][c], typing.date!.format) : parseNumber(rows[r][c], raw.decimalComma);
      }
      valuesCache.set(c, values);
    }
    return values;
  };

  const columns: ColumnInfo[] = header.map((name, c) => {
    const cells = columnCells(rows, c);
    const typing = typings[c];
    if (typing.kind === 'numeric') {
      const values = valuesOf(c);
      issues.push(...numericCellIssues(name, cells, values, locator));
      const constant = constantColumnIssue(name, values);
      if (constant) issues.push(constant);
      return { name, kind: typing.kind, stats: valueColumnStats(values, true) };
    }
    if (typing.kind === 'date') {
      const values = valuesOf(c);
      const bad = badDateIssue(name, cells, Array.from(values), locator, typing.date!.format);
      if (bad) issues.push(bad);
      if (typing.date!.ambiguous) {
        const example = cells.find((cell) => cell.trim() !== '') ?? '';
        const reading = typing.date!.format === 'dmy' ? 'day/month/year' : 'month/day/year';
        issues.push({ severity: 'info', code: 'ambiguous-dates', message: `column '${name}': dates like '${example}' could be day/month or month/day; read as ${reading}, which gives the more regular spacing.`, column: name });
      }
      if (c === dateIndex) issues.push(...timelineIssues(name, dates!, typing.date!.format, locator));
      return { name, kind: typing.kind, stats: valueColumnStats(values, false) };
    }
    if (typing.kind === 'categorical') {
      const mixed = mixedDateIssue(name, cells, locator);
      if (mixed) issues.push(mixed);
    }
    if (typing.kind === 'empty') {
      issues.push({ severity: 'info', code: 'empty-column', message: `column '${name}' is empty.`, column: name });
    }
    return { name, kind: typing.kind, stats: textColumnStats(cells) };
  });

  const dateColumn = dateIndex >= 0 ? header[dateIndex] : undefined;
  return {
    name: source.name,
    path: source.path,
    format: source.format,
    sha256: source.sha256,
    header,
    rows,
    lines,
    dates,
    dateFormats: Object.fromEntries(header.flatMap((name, c) => (typings[c].date ? [[name, typings[c].date!.format]] : []))),
    summary: {
      id: source.sha256.slice(0, 16),
      name: source.name,
      path: source.path,
      format: source.format,
      sha256: source.sha256,
      rows: rows.length,
      columns,
      issues,
      dateColumn,
    },
    column(name: string): Float64Array {
      const c = header.indexOf(name);
      if (c < 0) {
        throw new DataError('unknown-column', `there is no column '${name}'`, { file, hint: `Available columns: ${header.map((h) => `'${h}'`).join(', ')}.` });
      }
      return valuesOf(c);
    },
  };
}

/** ISO labels of a date column (for x axes): year-month columns stay 'YYYY-MM'. */
export function dateLabels(table: Table, column: string): string[] {
  const format = table.dateFormats?.[column] ?? 'ymd';
  return Array.from(table.column(column), (t) => isoLabel(t, format));
}
