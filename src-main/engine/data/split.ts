import type { SplitSpec, WindowSpec } from '../spec';
import type { RowRange, SegmentName } from './types';

export type Segments = Record<SegmentName, RowRange>;

/** A split value below 1 is a fraction of the forecastable rows (at least one horizon); 1 or more is a row count. */
function segmentRows(value: number, forecastable: number, horizon: number): number {
  return value < 1 ? Math.max(horizon, Math.round(value * forecastable)) : Math.round(value);
}

/**
 * Chronological split of the rows that can be forecast (from the first row after the first full
 * lookback) into train, then validation, then test. Each segment must hold at least one whole horizon,
 * so each has at least one window. Returns null when the rows are too few.
 */
export function computeSegments(rowCount: number, warmupRows: number, window: WindowSpec, split: SplitSpec): Segments | null {
  const firstForecast = warmupRows + window.lookback;
  const forecastable = rowCount - firstForecast;
  if (forecastable <= 0) return null;
  const test = segmentRows(split.test, forecastable, window.horizon);
  const val = segmentRows(split.val, forecastable, window.horizon);
  const train = forecastable - val - test;
  if (train < window.horizon || val < window.horizon || test < window.horizon) return null;
  const valStart = firstForecast + train;
  const testStart = valStart + val;
  return {
    train: { start: firstForecast, end: valStart },
    val: { start: valStart, end: testStart },
    test: { start: testStart, end: rowCount },
  };
}

/** The fewest rows for which computeSegments succeeds (for the "too short" message). */
export function minimumRows(warmupRows: number, window: WindowSpec, split: SplitSpec): number {
  const lower = warmupRows + window.lookback + 3 * window.horizon;
  for (let rows = lower; rows < lower + 10_000_000; rows++) {
    if (computeSegments(rows, warmupRows, window, split)) return rows;
  }
  return Number.POSITIVE_INFINITY;
}
