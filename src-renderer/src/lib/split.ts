import type { SegmentPreview, SplitSpec } from '@engine-spec/index';

/**
 * Slider handles (fractions in [0, 1]) at the first validation and first test row of the engine's
 * own segments. The slider spans the forecastable rows (after lookback and differencing), the same
 * rows a split fraction is a share of, so `splitFromHandles` gives back the split these segments came from.
 */
export function handlesFromSegments(segments: Pick<SegmentPreview, 'train' | 'val' | 'test'>): [number, number] {
  const forecastable = segments.train.rows + segments.val.rows + segments.test.rows;
  if (forecastable <= 0) return [0, 0];
  return [segments.train.rows / forecastable, (segments.train.rows + segments.val.rows) / forecastable];
}

const MIN_SHARE = 0.01;

/**
 * The split spec for slider handles at `trainEnd` and `valEnd` (fractions of the forecastable rows). Every
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
