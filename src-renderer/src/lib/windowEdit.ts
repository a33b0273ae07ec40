import type { Forecast } from '@common/contract';

/** A copy of the window with one cell changed (the store keeps windows immutable so charts see the change). */
export function setWindowCell(window: readonly (readonly number[])[], step: number, col: number, value: number): number[][] {
  if (step < 0 || step >= window.length) throw new RangeError(`step ${step} is outside the window (0–${window.length - 1})`);
  if (col < 0 || col >= (window[step]?.length ?? 0)) throw new RangeError(`column ${col} is outside the window's ${window[step]?.length ?? 0} columns`);
  if (!Number.isFinite(value)) throw new RangeError(`window cell (${step}, ${col}) needs a finite number`);
  return window.map((row, i) => (i === step ? row.map((v, j) => (j === col ? value : v)) : [...row]));
}

/** One column of a [step][column] window as a list. */
export function windowColumn(window: readonly (readonly number[])[], col: number): number[] {
  return window.map((row) => row[col]);
}

/**
 * The row index where a window ending at forecast point `i` ends, for `predict.rollout`: the
 * backend's own index when it sends one, else x itself when x are row numbers, else counted back
 * from the end of the data (the test period is the tail of the series).
 */
export function rowIndexOfPoint(forecast: Pick<Forecast, 'x' | 'index'>, i: number, totalRows: number): number {
  const clamped = Math.max(0, Math.min(forecast.x.length - 1, i));
  const fromBackend = forecast.index?.[clamped];
  if (fromBackend !== undefined) return fromBackend;
  const x = forecast.x[clamped];
  if (typeof x === 'number') return x;
  return Math.max(0, totalRows - forecast.x.length + clamped);
}

/** Nearest forecast point to a row index (inverse of rowIndexOfPoint, for highlighting the picked point). */
export function pointOfRowIndex(forecast: Pick<Forecast, 'x' | 'index'>, row: number, totalRows: number): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let i = 0; i < forecast.x.length; i++) {
    const d = Math.abs(rowIndexOfPoint(forecast, i, totalRows) - row);
    if (d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}

/** Rounds for display in an editable cell without losing what the user typed. */
export function roundForCell(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
}

/** Index of the value in ascending `xs` nearest to `x` (-1 when empty): maps a click on a chart to a point. */
export function nearestIndex(xs: readonly number[], x: number): number {
  if (xs.length === 0) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[lo] - x) <= Math.abs(xs[hi] - x) ? lo : hi;
}

/** A chart x for an ISO date or a row number. */
export function chartX(raw: string | number): number {
  return typeof raw === 'string' ? Date.parse(raw) : raw;
}

/** Where a rollout starts by default: just before the test period, so it runs over data the model never saw. */
export function rolloutStartRow(forecast: Pick<Forecast, 'x' | 'index'>, totalRows: number): number {
  return Math.max(0, rowIndexOfPoint(forecast, 0, totalRows) - 1);
}
