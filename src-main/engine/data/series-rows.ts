import { describeRow, rowNumber, type SeriesRowPlace } from '../spec';
import { DataError } from './data-error';
import type { PreparedSeries } from './types';

/**
 * Series rows (0-based, what windows and rollouts index) and the table rows users see (1-based, as the
 * Rows preview numbers them). They differ when rows with missing values are dropped: the series skips
 * them, the table keeps its numbers. This is the one place that goes between the two.
 */
type Rows = Pick<PreparedSeries, 'x' | 'tableRows'>;

/** Where series row `at` is, in the one numbering: its table row and its date. */
export function seriesRowPlace(series: Rows, at: number): SeriesRowPlace {
  const date = series.x[at];
  return { at, row: rowNumber(series.tableRows[at]), ...(typeof date === 'string' ? { date } : {}) };
}

/**
 * The series row of table row `row` (1-based). A row that was dropped for missing values is not in
 * the series: the next kept row stands for it, and the note says so. Rows outside `first` … `last`
 * (series rows) are refused with the range in table rows.
 */
export function seriesRowOfTableRow(series: Rows, row: number, first = 0, last = series.tableRows.length - 1): SeriesRowPlace & { note?: string } {
  const rows = series.tableRows;
  const index = row - 1;
  // tableRows ascends: the first series row whose table row is at or after the asked one.
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid] < index) lo = mid + 1;
    else hi = mid;
  }
  const firstPlace = seriesRowPlace(series, first);
  const lastPlace = seriesRowPlace(series, last);
  if (!Number.isInteger(row) || lo < first || lo > last) {
    throw new DataError('bad-window', `row ${row} cannot start a rollout: it must be between ${describeRow(firstPlace)} and ${describeRow(lastPlace)}`, {
      field: 'at',
      hint: `Pick a row from ${firstPlace.row} to ${lastPlace.row}; earlier rows have no full input window.`,
    });
  }
  const place = seriesRowPlace(series, lo);
  if (rows[lo] === index) return place;
  return { ...place, note: `row ${row} was dropped for missing values; the rollout starts at the next kept row, ${describeRow(place)}` };
}
