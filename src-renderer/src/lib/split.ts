import type { SplitSpec } from '@engine-spec/index';

export interface SplitBoundaries {
  /** First row of validation (train is [0, trainEnd)). */
  trainEnd: number;
  /** First row of test (validation is [trainEnd, valEnd)). */
  valEnd: number;
  rows: number;
}

/** A split value below 1 is a fraction of the rows, 1 or more a row count (as in SeriesSpec). */
function rowsOf(value: number, rows: number): number {
  return value < 1 ? Math.round(value * rows) : Math.round(value);
}

/** Where the chronological segments start, in rows. */
export function splitBoundaries(split: SplitSpec, rows: number): SplitBoundaries {
  const test = Math.min(rows, rowsOf(split.test, rows));
  const val = Math.min(rows - test, rowsOf(split.val, rows));
  return { trainEnd: Math.max(0, rows - test - val), valEnd: Math.max(0, rows - test), rows };
}

/** Fractions of the rows in each segment, for the slider under the chart. */
export function splitHandles(split: SplitSpec, rows: number): [number, number] {
  if (rows <= 0) return [0.7, 0.85];
  const b = splitBoundaries(split, rows);
  return [b.trainEnd / rows, b.valEnd / rows];
}

const MIN_SHARE = 0.01;

/**
 * The split spec for slider handles at `trainEnd` and `valEnd` (fractions of the rows). Every
 * segment keeps at least 1 % so none vanishes; the result is rounded to 0.1 %.
 */
export function splitFromHandles(trainEnd: number, valEnd: number): SplitSpec {
  const lo = Math.min(trainEnd, valEnd);
  const hi = Math.max(trainEnd, valEnd);
  const train = Math.max(MIN_SHARE, Math.min(1 - 2 * MIN_SHARE, lo));
  const valStop = Math.max(train + MIN_SHARE, Math.min(1 - MIN_SHARE, hi));
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return { val: round(valStop - train), test: round(1 - valStop) };
}

/** Index of the point whose row is nearest to `row` (points are sorted by row). */
export function nearestPointIndex(pointRows: readonly number[], row: number): number {
  if (pointRows.length === 0) return -1;
  let lo = 0;
  let hi = pointRows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pointRows[mid] < row) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(pointRows[lo - 1] - row) <= Math.abs(pointRows[lo] - row)) return lo - 1;
  return lo;
}
