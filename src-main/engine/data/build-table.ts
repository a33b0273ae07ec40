import { describeRow, rowNumber, type ColumnInfo, type DatasetFormat, type DatasetIssue, type RowPlace, type SourceWord } from '../spec';
import { classifyColumn, NUMERIC_SHARE, TYPE_SAMPLE } from './column-types';
import { isTextColumn, type ColumnarTable, type DateColumn, type TypedColumn } from './columnar';
import { DataError } from './data-error';
import { isoLabel, writtenLike } from './dates';
import { normalizeNames } from './header';
import { badDateIssue, constantColumnIssue, MAX_LOCATIONS, mixedDateIssue, numericCellIssues, timelineIssues, type Locator } from './issues';
import { parseNumber } from './numbers';
import { typedFromTexts } from './records-to-columns';
import { DistinctCounter, textColumnStats, valueColumnStats } from './stats';
import type { Table } from './types';

export interface TableSource {
  name: string;
  path?: string;
  format: DatasetFormat;
  sha256: string;
}

/** Above this share of ragged rows the columns no longer line up with the header: the data is refused. */
export const RAGGED_SHARE_LIMIT = 0.05;

/** Share of a date column's cells that may be unreadable before it is treated as text. */
const DATE_SHARE = 0.9;

/** Ragged rows are found in file order: `position` maps a file-order index to its row in the table. */
function raggedIssues(raw: ColumnarTable, width: number, locator: Locator, position: (index: number) => number): DatasetIssue[] {
  const { rows, cells } = raw.ragged;
  const tooMany = rows.length > RAGGED_SHARE_LIMIT * raw.rowCount;
  const reference = raw.namedByFile ? 'the header has' : 'the first row has';
  return rows.slice(0, MAX_LOCATIONS).map((r, k) => {
    const count = cells[k];
    const effect = tooMany
      ? `${Math.round((100 * rows.length) / raw.rowCount)}% of rows do not match, so the columns cannot be trusted`
      : count > width
        ? 'the extra cells are ignored'
        : 'the missing cells are treated as empty';
    return {
      severity: tooMany ? 'error' : 'warning',
      code: 'ragged-row',
      message: `${describeRow(locator(position(r)))} has ${count} cells, ${reference} ${width}; ${effect} (${rows.length} such row${rows.length === 1 ? '' : 's'} in all). Check for stray or missing delimiters.`,
      ...locator(position(r)),
    };
  });
}

/** The text of one cell as read (unreadable cells keep their text; values are shown as parsed). */
function cellText(column: TypedColumn, r: number): string {
  if (isTextColumn(column)) return column.texts[r] ?? '';
  const kept = column.unreadable.get(r);
  if (kept !== undefined) return kept;
  const v = column.values[r];
  if (Number.isNaN(v)) return '';
  return column.kind === 'date' ? writtenLike(column.example, v, column.date.format) : String(v);
}

function textsOf(column: TypedColumn, rows: number): string[] {
  return Array.from({ length: rows }, (_, r) => cellText(column, r));
}

/**
 * Types decided on the first rows are checked against the whole column: a "numeric" column mostly
 * of text, or a "date" column of unreadable dates, becomes text; a text column is re-typed from a
 * sample spread over all its rows.
 */
function reviseKind(name: string, column: TypedColumn, rows: number, decimalComma: boolean): TypedColumn {
  if (!isTextColumn(column)) {
    let read = 0;
    for (let r = 0; r < rows; r++) if (!Number.isNaN(column.values[r])) read++;
    const present = read + column.unreadable.size;
    const share = present ? read / present : 1;
    if ((column.kind === 'numeric' && share <= NUMERIC_SHARE) || (column.kind === 'date' && share < DATE_SHARE)) {
      return { kind: 'categorical', texts: textsOf(column, rows) };
    }
    return column;
  }
  if (rows <= TYPE_SAMPLE) return column;
  const typing = classifyColumn(name, column.texts, decimalComma);
  return typing.kind === column.kind ? column : typedFromTexts(column.texts, typing.kind, typing.date, decimalComma);
}

/** Row order sorted by date (stable; unreadable dates last), or null when already in order. */
function dateOrder(dates: Float64Array): Int32Array | null {
  const key = (i: number): number => (Number.isNaN(dates[i]) ? Infinity : dates[i]);
  let sorted = true;
  for (let i = 1; i < dates.length && sorted; i++) if (key(i) < key(i - 1)) sorted = false;
  if (sorted) return null;
  const order = Int32Array.from({ length: dates.length }, (_, i) => i);
  order.sort((a, b) => key(a) - key(b) || a - b);
  return order;
}

/** Names of columns that number the rows or the steps: with whole, increasing values they are time. */
// R's exported row names (`rownames`, `row.names`), pandas' unnamed index column (`Unnamed: 0`) and a
// bare `time` counter (1, 2, 3…) count rows as surely as `index` does.
const INDEX_NAME = /^(index|idx|id|row|rownum|row_?number|rownames|row\.?names|unnamed: ?\d+|t|time|step|period|obs|observation|n|no|nr|#)$/i;

/** Whole numbers that only go up (missing cells aside): a count of rows or steps, not a measurement. */
function isIncreasingWholeNumbers(values: Float64Array): boolean {
  let previous = -Infinity;
  let seen = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v) || v <= previous) return false;
    previous = v;
    seen++;
  }
  return seen >= 2;
}

function permute(column: TypedColumn, order: Int32Array): TypedColumn {
  if (isTextColumn(column)) return { ...column, texts: Array.from(order, (i) => column.texts[i]) };
  const values = Float64Array.from(order, (i) => column.values[i]);
  const unreadable = new Map<number, string>();
  if (column.unreadable.size) order.forEach((from, to) => {
    const text = column.unreadable.get(from);
    if (text !== undefined) unreadable.set(to, text);
  });
  return { ...column, values, unreadable };
}

/** Where each row (0-based, in table order) is: data row number, its date, and its line in the file. */
function placeOfRow(lines: ArrayLike<number>, sourceWord: SourceWord, dates: DateColumn | undefined): (index: number) => RowPlace {
  return (index) => {
    const place: RowPlace = { row: rowNumber(index) };
    const date = dates?.values[index];
    if (dates && date !== undefined && !Number.isNaN(date)) place.date = isoLabel(date, dates.date.format);
    place.line = lines[index];
    place.sourceWord = sourceWord;
    return place;
  };
}

/** Checks the types, finds the date column, sorts by it, and collects stats and issues. */
export function buildTable(raw: ColumnarTable, source: TableSource): Table {
  const file = source.name;
  if (raw.names.length === 0) throw new DataError('no-columns', 'the file has no columns', { file });
  if (raw.rowCount === 0) throw new DataError('empty-file', 'the file has a header but no data rows', { file, hint: 'Add rows of values below the header.' });
  const issues: DatasetIssue[] = [...raw.issues];
  if (!raw.namedByFile) {
    const names = raw.names;
    issues.push({ severity: 'info', code: 'no-header', message: `the first row holds values, not names, so it is read as data; columns are called ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}.` });
  }
  const { names: header, issues: nameIssues } = normalizeNames(raw.names);
  issues.push(...nameIssues);
  let columns = raw.columns.map((column, c) => reviseKind(header[c], column, raw.rowCount, raw.decimalComma));
  const dateIndex = columns.findIndex((c) => c.kind === 'date');
  let lines = raw.lines;
  let position = (index: number): number => index;
  if (dateIndex >= 0) {
    const order = dateOrder((columns[dateIndex] as DateColumn).values);
    if (order) {
      issues.push({ severity: 'info', code: 'unsorted-dates', message: `rows were not in date order; they are sorted by '${header[dateIndex]}'.`, column: header[dateIndex] });
      columns = columns.map((column) => permute(column, order));
      lines = Int32Array.from(order, (i) => raw.lines[i]);
      const positions = new Int32Array(order.length);
      order.forEach((from, to) => (positions[from] = to));
      position = (index) => positions[index];
    }
  }
  const rowCount = raw.rowCount;
  const dateColumn = dateIndex >= 0 ? columns[dateIndex] : undefined;
  const locator: Locator = placeOfRow(lines, raw.sourceWord, dateColumn?.kind === 'date' ? (dateColumn as DateColumn) : undefined);
  issues.push(...raggedIssues(raw, header.length, locator, position));

  const distinct = new DistinctCounter();
  const infos: ColumnInfo[] = header.map((name, c) => {
    const column = columns[c];
    if (column.kind === 'numeric') {
      issues.push(...numericCellIssues(name, column.values, column.unreadable, locator));
      const constant = constantColumnIssue(name, column.values);
      if (constant) issues.push(constant);
      return { name, kind: column.kind, stats: valueColumnStats(column.values, true, distinct) };
    }
    if (column.kind === 'date') {
      const bad = badDateIssue(name, column.values, column.unreadable, locator, column.date.format);
      if (bad) issues.push(bad);
      if (column.date.ambiguous) {
        const reading = column.date.format === 'dmy' ? 'day/month/year' : 'month/day/year';
        issues.push({ severity: 'info', code: 'ambiguous-dates', message: `column '${name}': dates like '${column.example}' could be day/month or month/day; read as ${reading}, which gives the more regular spacing.`, column: name });
      }
      if (c === dateIndex) issues.push(...timelineIssues(name, column.values, locator));
      return { name, kind: column.kind, stats: valueColumnStats(column.values, false, distinct) };
    }
    if (column.kind === 'categorical') {
      const mixed = mixedDateIssue(name, column.texts, locator);
      if (mixed) issues.push(mixed);
    } else {
      issues.push({ severity: 'info', code: 'empty-column', message: `column '${name}' is empty.`, column: name });
    }
    return { name, kind: column.kind, stats: textColumnStats(column.texts) };
  });
  // The table's accessors share this scope: without this the counter's scratch would live as long as the table.
  distinct.release();

  const parsedText = new Map<number, Float64Array>();
  const valuesOf = (c: number): Float64Array => {
    const column = columns[c];
    if (!isTextColumn(column)) return column.values;
    let values = parsedText.get(c);
    if (!values) {
      values = Float64Array.from(column.texts, (cell) => parseNumber(cell, raw.decimalComma));
      parsedText.set(c, values);
    }
    return values;
  };
  const rowCounters = new Set(header.flatMap((name, c) => (columns[c].kind === 'numeric' && INDEX_NAME.test(name) && isIncreasingWholeNumbers(valuesOf(c)) ? [c] : [])));
  for (const c of rowCounters) {
    issues.push({ severity: 'info', code: 'index-column', message: `column '${header[c]}' counts rows (1, 2, 3…): it is the time axis, not something to forecast.`, column: header[c] });
  }
  const suggestedTarget = infos.find((info, c) => info.kind === 'numeric' && (info.stats.std ?? 0) > 0 && !rowCounters.has(c))?.name;

  const rowCells = (r: number): string[] => columns.map((column) => cellText(column, r));
  let rows: string[][] | undefined;

  return {
    name: source.name,
    path: source.path,
    format: source.format,
    sha256: source.sha256,
    header,
    rowCount,
    get rows(): string[][] {
      rows ??= Array.from({ length: rowCount }, (_, r) => rowCells(r));
      return rows;
    },
    rowCells,
    lines,
    place: locator,
    dates: dateColumn && dateColumn.kind === 'date' ? dateColumn.values : undefined,
    dateFormats: Object.fromEntries(header.flatMap((name, c) => {
      const column = columns[c];
      return column.kind === 'date' ? [[name, column.date.format]] : [];
    })),
    summary: {
      id: source.sha256.slice(0, 16),
      name: source.name,
      path: source.path,
      format: source.format,
      sha256: source.sha256,
      rows: rowCount,
      columns: infos,
      issues,
      dateColumn: dateIndex >= 0 ? header[dateIndex] : undefined,
      suggestedTarget,
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
