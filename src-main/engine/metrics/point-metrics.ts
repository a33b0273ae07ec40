/**
 * Forecast accuracy over a set of points, in original units. Pure functions on plain arrays, so
 * the tests can check them against numbers computed by hand.
 */
import type { Metrics } from '../spec';

export interface MetricsReport {
  metrics: Metrics;
  /** Caveats a person reading the numbers needs (e.g. points MAPE had to skip). */
  notes: string[];
}

/**
 * MAE, RMSE, MAPE (%), sMAPE (%) and MASE of `predicted` against `actual`.
 * MASE divides each absolute error by `maseScale` (the in-sample naive error, see maseScale()).
 * Actuals equal to zero are skipped by MAPE (the percentage is undefined there).
 */
export function computeMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>, maseScale: number): Metrics {
  return computeMetricsReport(actual, predicted, () => maseScale).metrics;
}

/**
 * The general form: each point may carry its own MASE scale (multi-target series pool their
 * points, each scaled by its own target's naive error), and the caveats come back as sentences.
 */
export function computeMetricsReport(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  scaleOf: (point: number) => number,
): MetricsReport {
  if (actual.length !== predicted.length) {
    throw new Error(`metrics need as many predictions as actual values (got ${predicted.length} predictions for ${actual.length} actuals)`);
  }
  const n = actual.length;
  if (n === 0) throw new Error('metrics need at least one point; the evaluated segment has no forecast points');
  let absSum = 0;
  let sqSum = 0;
  let apeSum = 0;
  let apeCount = 0;
  let smapeSum = 0;
  let scaledSum = 0;
  for (let i = 0; i < n; i++) {
    const a = actual[i];
    const p = predicted[i];
    const err = Math.abs(a - p);
    absSum += err;
    sqSum += err * err;
    if (a !== 0) {
      apeSum += err / Math.abs(a);
      apeCount++;
    }
    const denom = Math.abs(a) + Math.abs(p);
    // Both zero is a perfect forecast: contributes 0 rather than 0/0.
    if (denom > 0) smapeSum += (2 * err) / denom;
    scaledSum += err / scaleOf(i);
  }
  const notes: string[] = [];
  const skipped = n - apeCount;
  if (skipped > 0 && apeCount > 0) notes.push(`MAPE skips ${skipped} of ${n} points whose actual value is 0 (a percentage error is undefined there).`);
  if (apeCount === 0) notes.push('MAPE is reported as 0 because every actual value is 0 (a percentage error is undefined there); use MAE or MASE.');
  return {
    metrics: {
      mae: absSum / n,
      rmse: Math.sqrt(sqSum / n),
      mape: apeCount > 0 ? (100 * apeSum) / apeCount : 0,
      smape: (100 * smapeSum) / n,
      mase: scaledSum / n,
    },
    notes,
  };
}

/** 1 − model MASE / baseline MASE: positive when the model beats the baseline; 0 when undefined. */
export function skillScore(model: Metrics, baseline: Metrics): number {
  if (!(baseline.mase > 0) || !Number.isFinite(baseline.mase)) return 0;
  return 1 - model.mase / baseline.mase;
}
