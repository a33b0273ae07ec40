import { z } from 'zod';

/**
 * Where a row of a dataset is, said one way everywhere (messages, CLI, the Data view, errors): the
 * 1-based data row as the Rows preview numbers it (after sorting by date), its date when the data has a
 * date column, and where to find it in the file when that number differs (a CSV's file line counts the
 * header; a spreadsheet row is the sheet's own number; a JSON record is its place in the file's array).
 */
export const SourceWord = z.enum(['file line', 'sheet row', 'record']);
export type SourceWord = z.infer<typeof SourceWord>;

export const RowPlace = z.object({
  /** 1-based data row, as the Rows preview's # column numbers it. */
  row: z.number().int().optional(),
  /** The row's date (ISO, as the date column is written) when the data has a date column. */
  date: z.string().optional(),
  /** Where the row is in the file: file line (CSV/TSV, header is line 1), sheet row (XLSX), record (JSON). */
  line: z.number().int().optional(),
  sourceWord: SourceWord.optional(),
});
export type RowPlace = z.infer<typeof RowPlace>;

/** The data row number (1-based) of a 0-based row index. */
export function rowNumber(index: number): number {
  return index + 1;
}

/**
 * "row 5 (1949-05, file line 6)"; "row 5" when nothing else is known; "file line 6" before the data rows
 * exist (a parse error). The file's own number is given only where it differs from the row number.
 */
export function describeRow(place: RowPlace): string {
  const source = place.line !== undefined ? `${place.sourceWord ?? 'file line'} ${place.line}` : undefined;
  if (place.row === undefined) return source ?? '';
  const extra = [place.date, place.line !== place.row ? source : undefined].filter((s): s is string => !!s);
  return extra.length ? `row ${place.row} (${extra.join(', ')})` : `row ${place.row}`;
}

/**
 * A series row (0-based `at`, what windows and rollouts index; rows dropped for missing values are not
 * in the series) with the table row users see (1-based `row`) and its date.
 */
export const SeriesRowPlace = z.object({
  at: z.number().int().min(0),
  row: z.number().int().min(1),
  date: z.string().optional(),
});
export type SeriesRowPlace = z.infer<typeof SeriesRowPlace>;
