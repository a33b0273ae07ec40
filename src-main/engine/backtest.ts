/**
 * Rolling-origin evaluation (what Darts calls historical forecasts / backtest): from each origin the
 * trained model forecasts `horizon` steps, feeding its own predictions back; errors are collected
 * per horizon step against naive and seasonal naive from the same origins, and the residuals give
 * empirical prediction intervals whose coverage is checked on later origins than they were fitted on.
 *
 * Features inside the data take their actual values (they are known there); the result says so.
 */
import type * as tf from '@tensorflow/tfjs';
import { describeSeriesRow, parseCalendarColumn, type PreparedSeries } from './data';
import { coverage, intervalHalfWidths } from './metrics';
import { rollout } from './predict';

export interface BacktestOptions {
  /** Steps forecast from each origin. */
  horizon: number;
  /** Rows between consecutive origins (default 1). */
  step?: number;
  /** Most origins to use, the latest ones (default: every origin in the test segment). */
  origins?: number;
  /** First origin row (default: the row before the test segment). */
  start?: number;
  /** Seasonal period for seasonal naive (1 = none). */
  season: number;
}

export interface StepErrors {
  mae: number;
  rmse: number;
  /** Percent; NaN when an actual value is 0. */
  mape: number;
}

export interface BacktestStep {
  step: number;
  count: number;
  model: StepErrors;
  naive: StepErrors;
  seasonalNaive: StepErrors;
}

export interface IntervalCheck {
  level: number;
  /** Share of later origins' errors inside intervals fitted on the earlier origins' residuals. */
  coverage: number;
  checked: number;
}

export interface BacktestResult {
  target: string;
  horizon: number;
  step: number;
  /** x of each origin (the last row the forecast saw). */
  origins: (string | number)[];
  perStep: BacktestStep[];
  /** residuals[h][i]: actual − predicted at step h + 1 from the i-th origin that reaches that far. */
  residuals: number[][];
  intervals: IntervalCheck[];
  /** How input features were fed during the rollouts. */
  features: string;
}

export const INTERVAL_LEVELS = [0.8, 0.95] as const;

function errorsOf(actual: number[], predicted: number[]): StepErrors {
  const n = actual.length;
  let abs = 0;
  let sq = 0;
  let pct = 0;
  for (let i = 0; i < n; i++) {
    const e = actual[i] - predicted[i];
    abs += Math.abs(e);
    sq += e * e;
    pct += Math.abs(e / actual[i]);
  }
  return { mae: abs / n, rmse: Math.sqrt(sq / n), mape: (100 * pct) / n };
}

/** Origin rows: every `step` rows from `start` to the last row that still has `horizon` actual rows after it, latest `limit` kept. */
export function originRows(start: number, lastRow: number, horizon: number, step: number, limit?: number): number[] {
  const rows: number[] = [];
  for (let r = start; r + horizon <= lastRow; r += step) rows.push(r);
  return limit !== undefined && rows.length > limit ? rows.slice(rows.length - limit) : rows;
}

/** What the rollouts did with feature columns, in words. */
export function describeFeatureUse(prepared: PreparedSeries): string {
  const features = prepared.inputColumns.slice(prepared.targets.length);
  if (features.length === 0) return 'no input features';
  const known = new Set(prepared.knownColumns.map((c) => prepared.inputColumns[c]));
  const calendar = features.filter((f) => parseCalendarColumn(f));
  const past = features.filter((f) => !parseCalendarColumn(f) && !known.has(f));
  const ahead = features.filter((f) => !parseCalendarColumn(f) && known.has(f));
  const parts = [];
  if (ahead.length) parts.push(`actual future values of ${ahead.join(', ')} at the forecast rows (known in advance)`);
  if (past.length) parts.push(`actual future values of ${past.join(', ')} (known inside the data)`);
  if (calendar.length) parts.push(`calendar columns from each row's date`);
  return parts.join('; ');
}

export function backtest(model: tf.LayersModel, prepared: PreparedSeries, opts: BacktestOptions): BacktestResult {
  const { horizon, season } = opts;
  const step = opts.step ?? 1;
  if (!Number.isInteger(horizon) || horizon < 1) throw new Error(`backtest horizon must be a positive whole number of steps (got ${horizon})`);
  if (!Number.isInteger(step) || step < 1) throw new Error(`backtest step must be a positive whole number of rows (got ${step})`);
  const first = prepared.warmupRows + prepared.window.lookback - 1;
  const start = Math.max(first, opts.start ?? prepared.segments.test.start - 1);
  const lastRow = prepared.rowCount - 1;
  const origins = originRows(start, lastRow, horizon, step, opts.origins);
  if (origins.length === 0) {
    throw new Error(`no backtest origin leaves ${horizon} actual rows after it (origins from ${describeSeriesRow(prepared, start)}, data ends at ${describeSeriesRow(prepared, lastRow)}); use a shorter horizon or an earlier start`);
  }
  const y = prepared.original[0];
  const m = Math.max(1, season);
  const actual: number[][] = Array.from({ length: horizon }, () => []);
  const predicted: number[][] = Array.from({ length: horizon }, () => []);
  const naive: number[][] = Array.from({ length: horizon }, () => []);
  const seasonal: number[][] = Array.from({ length: horizon }, () => []);
  for (const origin of origins) {
    const forecast = rollout(model, prepared, origin, horizon).predicted;
    for (let h = 0; h < horizon; h++) {
      const row = origin + 1 + h;
      actual[h].push(y[row]);
      predicted[h].push(forecast[h][0]);
      naive[h].push(y[origin]);
      // The same season's last observed value at or before the origin.
      seasonal[h].push(y[row - m * Math.ceil((h + 1) / m)]);
    }
  }
  const residuals = actual.map((values, h) => values.map((v, i) => v - predicted[h][i]));
  const perStep = actual.map((values, h) => ({
    step: h + 1,
    count: values.length,
    model: errorsOf(values, predicted[h]),
    naive: errorsOf(values, naive[h]),
    seasonalNaive: errorsOf(values, seasonal[h]),
  }));
  // Honest coverage: widths from the earlier half of the origins, counted on the later half.
  const half = Math.floor(origins.length / 2);
  const earlier = residuals.map((r) => r.slice(0, half));
  const later = residuals.map((r) => r.slice(half));
  const intervals = INTERVAL_LEVELS.map((level) => {
    const { covered, total } = coverage(later, intervalHalfWidths(earlier, level));
    return { level, coverage: total > 0 ? covered / total : Number.NaN, checked: total };
  });
  return {
    target: prepared.targets[0],
    horizon,
    step,
    origins: origins.map((r) => prepared.x[r]),
    perStep,
    residuals,
    intervals,
    features: describeFeatureUse(prepared),
  };
}
