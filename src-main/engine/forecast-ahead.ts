/**
 * Forecasting past the end of the data with prediction intervals: the point forecast is a rollout
 * from the last row; the 80% and 95% intervals come from the model's own errors at each horizon step
 * when it was rolled out from origins in the test period (a backtest), so they are as wide as the
 * model has actually been wrong, not as a formula assumes.
 */
import type * as tf from '@tensorflow/tfjs';
import { backtest, INTERVAL_LEVELS } from './backtest';
import { parseCalendarColumn, type PreparedSeries } from './data';
import { intervalHalfWidths } from './metrics';
import { rollout, type FutureFeatures } from './predict';

/** Latest origins whose errors set the interval widths (bounds the cost on long new data). */
const MAX_INTERVAL_ORIGINS = 200;
/** Origins each measured step should have: a quantile of fewer errors says little. */
const MIN_ORIGINS = 10;

export interface AheadForecast {
  target: string;
  x: (string | number)[];
  predicted: number[];
  /** Per level (0.8, 0.95): lower and upper bounds per step; NaN where no residuals were available. */
  intervals: { level: number; lower: number[]; upper: number[] }[];
  /** Origins and steps the interval widths were measured on, in words. */
  intervalSource: string;
  /** How feature columns were filled after the end of the data, in words. */
  features: string;
}

/** How each non-target input column is filled past the data, in words. */
export function describeFutureFeatures(prepared: PreparedSeries, future: FutureFeatures, steps: number): string {
  const features = prepared.inputColumns.slice(prepared.targets.length);
  if (features.length === 0) return 'no input features';
  // Known-in-advance columns are read at the forecast rows, so a rollout of `steps` needs horizon − 1 more.
  return features
    .map((name, i) => {
      const known = prepared.knownColumns.includes(prepared.targets.length + i);
      const needed = known ? steps + prepared.window.horizon - 1 : steps;
      const given = future[name]?.length ?? 0;
      const tag = known ? ' (known in advance)' : '';
      if (given >= needed) return `${name}: supplied${tag}`;
      if (given > 0) return `${name}: supplied for ${given} of ${needed} steps, then held at its last value${tag}`;
      if (parseCalendarColumn(name)) return `${name}: from the future dates`;
      return `${name}: held at its last known value${known ? ' (known in advance: supply its future values with --future or the Forecast panel\'s file to do better)' : ' (supply future values to do better)'}`;
    })
    .join('; ');
}

export function forecastAhead(
  model: tf.LayersModel,
  prepared: PreparedSeries,
  opts: { steps: number; season: number; future?: FutureFeatures },
): AheadForecast {
  const { steps, season } = opts;
  const future = opts.future ?? {};
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`--steps must be a positive whole number (got ${steps})`);
  const ahead = rollout(model, prepared, prepared.rowCount - 1, steps, future);
  const testRows = prepared.segments.test.end - prepared.segments.test.start;
  // The test period bounds how far ahead errors can be measured with enough origins per step;
  // later steps extrapolate the widths.
  const measured = Math.max(1, Math.min(steps, testRows - MIN_ORIGINS + 1));
  let residuals: number[][] = [];
  let intervalSource = 'no held-out rows to measure errors on';
  try {
    const check = backtest(model, prepared, { horizon: measured, season, origins: MAX_INTERVAL_ORIGINS });
    residuals = check.residuals;
    intervalSource = `errors of ${check.origins.length} rollouts of ${measured} step(s) from origins in the test period (${check.origins[0]} … ${check.origins[check.origins.length - 1]}), ${check.features}`;
  } catch (err) {
    intervalSource = `no intervals: ${err instanceof Error ? err.message : String(err)}`;
  }
  const point = ahead.predicted.map((row) => row[0]);
  const intervals = INTERVAL_LEVELS.map((level) => {
    const widths = intervalHalfWidths(residuals, level, steps);
    return { level, lower: point.map((p, h) => p - widths[h]), upper: point.map((p, h) => p + widths[h]) };
  });
  return {
    target: prepared.targets[0],
    x: ahead.x,
    predicted: point,
    intervals,
    intervalSource,
    features: describeFutureFeatures(prepared, future, steps),
  };
}
