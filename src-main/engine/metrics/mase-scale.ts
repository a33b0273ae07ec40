/**
 * MASE's denominator: the mean absolute error of the in-sample seasonal naive forecast on the
 * training segment only (never val/test, or the test score would leak information from itself).
 */

export interface MaseScale {
  scale: number;
  /** The lag actually used: the season, or 1 when the training segment is too short for it. */
  lag: number;
  note?: string;
}

/** Mean |y[t] − y[t−lag]| over t in [lag, trainEnd). Returns NaN when there are no such pairs. */
function meanAbsLagDiff(series: ArrayLike<number>, trainEnd: number, lag: number): number {
  let sum = 0;
  let count = 0;
  for (let t = lag; t < trainEnd; t++) {
    const d = Math.abs(series[t] - series[t - lag]);
    if (Number.isFinite(d)) {
      sum += d;
      count++;
    }
  }
  return count > 0 ? sum / count : Number.NaN;
}

/**
 * Scale for MASE from `series[0 .. trainEnd)`: seasonal naive with `season`, falling back to lag 1
 * when the segment is shorter than a season or flat at that lag; falls back to 1 (plain MAE) when
 * even lag 1 gives no variation, so MASE stays finite.
 */
export function maseScale(series: ArrayLike<number>, trainEnd: number, season: number): MaseScale {
  const end = Math.min(trainEnd, series.length);
  if (season > 1) {
    const seasonal = meanAbsLagDiff(series, end, season);
    if (seasonal > 0) return { scale: seasonal, lag: season };
  }
  const lag1 = meanAbsLagDiff(series, end, 1);
  if (lag1 > 0) {
    const note = season > 1 ? `MASE is scaled by the lag-1 naive error: the training segment (${end} rows) has no usable season-${season} differences.` : undefined;
    return { scale: lag1, lag: 1, note };
  }
  return { scale: 1, lag: 1, note: 'MASE equals MAE here: the training segment does not vary, so there is no naive error to scale by.' };
}
