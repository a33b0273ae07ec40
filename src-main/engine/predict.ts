/**
 * Predictions from a trained model in original units: a whole segment (with both baselines on the
 * same points), a rollout that feeds predictions back as inputs, a prediction from a window the
 * user edited, and a forecast from the end of the data.
 */
import * as tf from '@tensorflow/tfjs';
import type { Forecast, Rollout } from './spec';
import { calendarValue, describeSeriesRow, seriesRowOfTableRow, seriesRowPlace, parseCalendarColumn, type PreparedSeries, type SegmentName } from './data';
import { fusedInferencePlan } from './model/inference-plan';
import { chooseSeason, evaluateForecasts, forecastOfWindow, type Evaluation, type ForecastSet } from './metrics';

/** Windows per predict() call: bounds memory on long series without many tiny calls. */
const PREDICT_CHUNK = 512;

/** Raw model output for windows laid out [n, lookback, F] in `x`. */
export function predictRaw(model: tf.LayersModel, x: Float32Array, xShape: readonly [number, number, number]): { values: Float32Array; shape: number[] } {
  const [n, lookback, features] = xShape;
  const stride = lookback * features;
  const parts: Float32Array[] = [];
  let shape: number[] = [];
  for (let start = 0; start < n; start += PREDICT_CHUNK) {
    const count = Math.min(PREDICT_CHUNK, n - start);
    const values = tf.tidy(() => {
      const input = tf.tensor3d(x.subarray(start * stride, (start + count) * stride), [count, lookback, features]);
      // One batch per call: tfjs's default of 32 splits the chunk into many small, overhead-bound runs.
      const output = model.predict(input, { batchSize: count });
      const tensor = Array.isArray(output) ? output[0] : output;
      shape = tensor.shape.slice(1);
      return tensor.dataSync() as Float32Array;
    });
    parts.push(values);
  }
  const per = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(n * per);
  let offset = 0;
  for (const part of parts) {
    values.set(part, offset);
    offset += part.length;
  }
  return { values, shape: [n, ...shape] };
}

/** Forecasts of every window of a segment, in original units. */
export function forecastSegment(model: tf.LayersModel, prepared: PreparedSeries, segment: SegmentName): ForecastSet {
  const batch = prepared.windows(segment);
  const horizon = prepared.window.horizon;
  const targets = prepared.targets.length;
  if (batch.count === 0) return { endRows: [], predicted: [] };
  const raw = predictRaw(model, batch.x, batch.xShape);
  const predicted: number[][][] = [];
  for (let i = 0; i < batch.count; i++) {
    predicted.push(prepared.toOriginal(batch.endRows[i], forecastOfWindow(raw.values, raw.shape, i, prepared.topology, horizon, targets)));
  }
  return { endRows: Array.from(batch.endRows), predicted };
}

/** The target series and training end that baselines and MASE use. */
export function evaluationInput(prepared: PreparedSeries, season: number): { targetSeries: Float64Array[]; trainEnd: number; season: number } {
  return { targetSeries: prepared.original.slice(0, prepared.targets.length), trainEnd: prepared.segments.train.end, season };
}

/** The season for this series: configured, or detected on the first target's training rows. */
export function seasonOf(prepared: PreparedSeries, configured?: number): ReturnType<typeof chooseSeason> {
  const end = prepared.segments.train.end;
  const times = typeof prepared.x[0] === 'string' ? prepared.x.slice(0, end).map((x) => Date.parse(String(x))) : undefined;
  return chooseSeason(prepared.original[0].subarray(0, end), configured, times);
}

/** Model vs naive vs seasonal naive on one segment. */
export function evaluateSegment(model: tf.LayersModel, prepared: PreparedSeries, segment: SegmentName, season: number): Evaluation {
  const set = forecastSegment(model, prepared, segment);
  if (set.predicted.length === 0) {
    throw new Error(`the ${segment} segment has no complete forecast windows; give it more rows (series.split.${segment}) or shorten the lookback/horizon`);
  }
  return evaluateForecasts(evaluationInput(prepared, season), set);
}

/** The val or test segment as a chart-ready forecast: x, actual, model, both baselines, metrics. */
export function forecastSplit(
  model: tf.LayersModel,
  prepared: PreparedSeries,
  split: 'val' | 'test',
  opts: { runId?: string; season?: number } = {},
): Forecast {
  const season = seasonOf(prepared, opts.season).season;
  const evaluation = evaluateSegment(model, prepared, split, season);
  const { points } = evaluation;
  return {
    runId: opts.runId ?? 'unsaved',
    x: points.rows.map((row) => prepared.x[row]),
    index: [...points.rows],
    rows: points.rows.map((row) => seriesRowPlace(prepared, row).row),
    rollFrom: rolloutRange(prepared, points.rows[0]),
    targets: [...prepared.targets],
    actual: points.actual,
    predicted: points.predicted,
    naive: points.naive,
    seasonalNaive: points.seasonalNaive,
    metrics: { model: evaluation.model.metrics, naive: evaluation.naive.metrics, seasonalNaive: evaluation.seasonalNaive.metrics },
  };
}

/** The series rows a rollout may start from, and its default start: the row before `firstTestRow`, so it runs over data the model never saw. */
function rolloutRange(prepared: PreparedSeries, firstTestRow: number | undefined): NonNullable<Forecast['rollFrom']> {
  const first = firstRolloutRow(prepared);
  const last = prepared.rowCount - 1;
  const start = Math.min(last, Math.max(first, (firstTestRow ?? first + 1) - 1));
  return { first: seriesRowPlace(prepared, first), last: seriesRowPlace(prepared, last), start: seriesRowPlace(prepared, start) };
}

/** The first series row with a full input window (lookback plus the rows differencing uses up). */
function firstRolloutRow(prepared: PreparedSeries): number {
  return prepared.warmupRows + prepared.window.lookback - 1;
}

/**
 * A rollout from table row `row` (1-based, as users number rows): a dropped row stands for the next kept
 * one, and the answer says so in `from.note`.
 */
export function rolloutFromRow(model: tf.LayersModel, prepared: PreparedSeries, row: number, steps: number, future: FutureFeatures = {}): Rollout {
  const from = seriesRowOfTableRow(prepared, row, firstRolloutRow(prepared), prepared.rowCount - 1);
  return { ...rollout(model, prepared, from.at, steps, future), from };
}

/** x for a row, extrapolating dates (by whole months when the data is monthly) past the end of the data. */
export function xOfRow(prepared: PreparedSeries, row: number): string | number {
  if (row < prepared.rowCount) return prepared.x[row];
  const last = prepared.x[prepared.rowCount - 1];
  if (typeof last === 'number' || prepared.rowCount < 2) return typeof last === 'number' ? last + (row - prepared.rowCount + 1) : row;
  const prev = prepared.x[prepared.rowCount - 2];
  const lastDate = new Date(last);
  const prevDate = new Date(String(prev));
  const ahead = row - prepared.rowCount + 1;
  const dateOnly = last.length <= 10;
  // Continue in the data's own label shape: year-month stays year-month.
  const format = (d: Date): string => d.toISOString().slice(0, last.length === 7 ? 7 : dateOnly ? 10 : undefined);
  if (Number.isNaN(lastDate.getTime()) || Number.isNaN(prevDate.getTime())) return row;
  const months = (lastDate.getUTCFullYear() - prevDate.getUTCFullYear()) * 12 + lastDate.getUTCMonth() - prevDate.getUTCMonth();
  if (months > 0 && lastDate.getUTCDate() === prevDate.getUTCDate()) {
    const next = new Date(lastDate);
    next.setUTCMonth(next.getUTCMonth() + months * ahead);
    return format(next);
  }
  const step = lastDate.getTime() - prevDate.getTime();
  return format(new Date(lastDate.getTime() + step * ahead));
}

/**
 * Values of feature columns after the end of the data, by column name: entry i is row rowCount + i.
 * Columns not given (or too short) hold their last known value.
 */
export type FutureFeatures = Record<string, ArrayLike<number>>;

/** A feature's value past the end of the data: supplied, else calendar columns from the row's date, else held at `last`. */
function futureFeature(prepared: PreparedSeries, column: number, row: number, last: number, future: FutureFeatures): number {
  const name = prepared.inputColumns[column];
  const supplied = future[name]?.[row - prepared.rowCount];
  if (supplied !== undefined && Number.isFinite(supplied)) return supplied;
  if (!parseCalendarColumn(name)) return last;
  const label = xOfRow(prepared, row);
  const value = typeof label === 'string' ? calendarValue(Date.parse(label), name) : Number.NaN;
  if (!Number.isFinite(value)) throw new Error(`calendar column '${name}' needs a date for future row ${row}, but the data's dates cannot be continued`);
  return value;
}

/** A feature column's value at any row: the data's while it has the row, else as futureFeature says. */
function featureAt(prepared: PreparedSeries, column: number, row: number, future: FutureFeatures): number {
  if (row < prepared.rowCount) return prepared.original[column][row];
  return futureFeature(prepared, column, row, prepared.original[column][prepared.rowCount - 1], future);
}

/** Values of the known-in-advance columns at the forecast rows after endRow ([h][inputColumn], NaN elsewhere); undefined without such columns. */
function aheadRows(prepared: PreparedSeries, endRow: number, future: FutureFeatures): number[][] | undefined {
  if (prepared.knownColumns.length === 0) return undefined;
  return Array.from({ length: prepared.window.horizon }, (_, h) => {
    const row = new Array<number>(prepared.inputColumns.length).fill(Number.NaN);
    for (const c of prepared.knownColumns) row[c] = featureAt(prepared, c, endRow + 1 + h, future);
    return row;
  });
}

/** Predicts one scaled window at a time, as a rollout does once per step. Dispose it after use. */
interface WindowPredictor {
  forecast(scaledWindow: Float32Array, steps: number): number[][];
  dispose(): void;
}

/**
 * The model's forecasts of single windows: through its inference plan (the ensemble composed into one
 * wider network; engine/model/inference-plan.ts) where the fused core runs and the model's graph is
 * one the plan covers, else through model.predict.
 */
function windowPredictor(model: tf.LayersModel, prepared: PreparedSeries): WindowPredictor {
  const features = prepared.inputColumns.length;
  const plan = fusedInferencePlan(model);
  const predict = (x: Float32Array, steps: number) => (plan ? plan.predict(x, 1, steps) : predictRaw(model, x, [1, steps, features]));
  return {
    forecast(scaledWindow, steps) {
      const raw = predict(scaledWindow, steps);
      return forecastOfWindow(raw.values, raw.shape, 0, prepared.topology, prepared.window.horizon, prepared.targets.length);
    },
    dispose: () => plan?.dispose(),
  };
}

function predictOne(model: tf.LayersModel, scaledWindow: Float32Array, steps: number, prepared: PreparedSeries): number[][] {
  const predictor = windowPredictor(model, prepared);
  try {
    return predictor.forecast(scaledWindow, steps);
  } finally {
    predictor.dispose();
  }
}

function checkFinite(values: number[][], what: string): void {
  for (const row of values) {
    for (const v of row) if (!Number.isFinite(v)) throw new Error(`${what} produced a non-finite value; the model may have diverged — retrain it or use its best checkpoint`);
  }
}

/**
 * Rolls the model forward `steps` rows from the window whose last input row is `at`, feeding its
 * predictions back as target inputs (in chunks of the model's horizon). Feature columns take their
 * actual values while the data has them; after that they take the `future` values given, calendar
 * columns their value at the row's date, and other features hold the last known value. Known-in-
 * advance columns are read at the forecast rows themselves, by the same rule.
 */
export function rollout(model: tf.LayersModel, prepared: PreparedSeries, at: number, steps: number, future: FutureFeatures = {}): Rollout {
  const { lookback, horizon } = prepared.window;
  const columns = prepared.inputColumns.length;
  const targets = prepared.targets.length;
  const warmup = prepared.warmupRows;
  const first = firstRolloutRow(prepared);
  if (!Number.isInteger(at) || at < first || at >= prepared.rowCount) {
    throw new Error(`rollout start ${describeSeriesRow(prepared, at)} is out of range: it must be between ${describeSeriesRow(prepared, first)} (the first row with a full ${lookback}-step window) and ${describeSeriesRow(prepared, prepared.rowCount - 1)} (the last row)`);
  }
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`rollout steps must be a positive integer (got ${steps})`);
  // history[row][column] in original units: actual rows up to `at`, then predictions.
  const history: number[][] = [];
  for (let row = 0; row <= at; row++) history.push(prepared.original.map((col) => col[row]));
  const predicted: number[][] = [];
  const predictor = windowPredictor(model, prepared);
  try {
    while (predicted.length < steps) {
      const endRow = at + predicted.length;
      // Warm-up rows let differenced targets be rebuilt from the window's own (partly predicted) history.
      const windowRows = history.slice(endRow - lookback - warmup + 1, endRow + 1);
      const scaled = prepared.scaleWindow(windowRows, endRow, aheadRows(prepared, endRow, future));
      const stepsIn = scaled.length / columns;
      const forecastScaled = predictor.forecast(scaled, stepsIn);
      const targetHistory = windowRows.map((r) => r.slice(0, targets));
      const forecast = prepared.toOriginal(endRow, forecastScaled, targetHistory);
      checkFinite(forecast, 'the rollout');
      for (let h = 0; h < horizon && predicted.length < steps; h++) {
        const row = endRow + 1 + h;
        const next: number[] = [];
        for (let c = 0; c < columns; c++) {
          if (c < targets) next.push(forecast[h][c]);
          else next.push(row < prepared.rowCount ? prepared.original[c][row] : futureFeature(prepared, c, row, history[history.length - 1][c], future));
        }
        history.push(next);
        predicted.push(forecast[h]);
      }
    }
  } finally {
    predictor.dispose();
  }
  return {
    input: history.slice(at - lookback + 1, at + 1),
    inputColumns: [...prepared.inputColumns],
    predicted,
    targets: [...prepared.targets],
    x: predicted.map((_, i) => xOfRow(prepared, at + 1 + i)),
    features: rolloutFeatureUse(prepared, at + steps, future),
    from: seriesRowPlace(prepared, at),
  };
}

/** In words, how a rollout whose forecast rows end at `lastRow` fed its feature columns. */
export function rolloutFeatureUse(prepared: PreparedSeries, lastRow: number, future: FutureFeatures = {}): string {
  const features = prepared.inputColumns.slice(prepared.targets.length);
  if (features.length === 0) return 'no input features';
  const inside = lastRow < prepared.rowCount;
  return features
    .map((name, i) => {
      const known = prepared.knownColumns.includes(prepared.targets.length + i);
      const at = known ? ' at the forecast rows (known in advance)' : '';
      if (parseCalendarColumn(name)) return `${name}: from each row's date`;
      if (inside) return `${name}: actual values${known ? ' of the forecast rows (known in advance: actual future values)' : ' (known inside the data)'}`;
      if (future[name]?.length) return `${name}: actual values, then supplied future values${at}`;
      return `${name}: actual values, then held at the last known value past the data${known ? ' (known in advance: supply its future values to do better)' : ''}`;
    })
    .join('; ');
}

/**
 * One forecast (the model's horizon) from a window the user supplied in original units,
 * [step][inputColumn], `lookback` steps long. It is scaled as if it ended at row `at` (default:
 * the last row of the data), whose following rows give known-in-advance columns their values;
 * x counts steps ahead (1, 2, …).
 */
export function predictFromWindow(model: tf.LayersModel, prepared: PreparedSeries, window: number[][], future: FutureFeatures = {}, at?: number): Rollout {
  const { lookback } = prepared.window;
  const columns = prepared.inputColumns.length;
  const targets = prepared.targets.length;
  const accepted = prepared.warmupRows > 0 ? `${lookback} or ${lookback + prepared.warmupRows}` : `${lookback}`;
  if (window.length !== lookback && window.length !== lookback + prepared.warmupRows) {
    throw new Error(`the window has ${window.length} steps but this model reads ${accepted} (lookback ${lookback}${prepared.warmupRows ? ` plus ${prepared.warmupRows} warm-up rows for differencing` : ''})`);
  }
  window.forEach((row, step) => {
    if (row.length !== columns) throw new Error(`window step ${step + 1} has ${row.length} values; expected ${columns} (${prepared.inputColumns.join(', ')})`);
    row.forEach((v, c) => {
      if (!Number.isFinite(v)) throw new Error(`window step ${step + 1}, column '${prepared.inputColumns[c]}': ${v} is not a finite number`);
    });
  });
  if (at !== undefined && (!Number.isInteger(at) || at < 0 || at >= prepared.rowCount)) throw new Error(`the window's last row ${at} is not a row of the data (0…${prepared.rowCount - 1})`);
  const endRow = at ?? prepared.rowCount - 1;
  // Known-in-advance columns at the forecast steps: the data's rows after `at`, else supplied, calendar
  // from the continued dates, else held at the window's last value.
  const last = window[window.length - 1];
  const ahead = prepared.knownColumns.length
    ? Array.from({ length: prepared.window.horizon }, (_, h) =>
        last.map((v, c) => {
          if (!prepared.knownColumns.includes(c)) return Number.NaN;
          const row = endRow + 1 + h;
          return row < prepared.rowCount ? prepared.original[c][row] : futureFeature(prepared, c, row, v, future);
        }),
      )
    : undefined;
  const scaled = prepared.scaleWindow(window, endRow, ahead);
  const forecastScaled = predictOne(model, scaled, scaled.length / columns, prepared);
  const predicted = prepared.toOriginal(endRow, forecastScaled, window.map((r) => r.slice(0, targets)));
  checkFinite(predicted, 'the prediction');
  return {
    input: window.slice(window.length - lookback).map((r) => [...r]),
    inputColumns: [...prepared.inputColumns],
    predicted,
    targets: [...prepared.targets],
    x: predicted.map((_, i) => i + 1),
    ...(prepared.knownColumns.length ? { features: knownAheadUse(prepared, future, endRow + prepared.window.horizon < prepared.rowCount) } : {}),
  };
}

/** How a prediction from an edited window filled the known-in-advance columns at its forecast steps, in words. */
function knownAheadUse(prepared: PreparedSeries, future: FutureFeatures, inside: boolean): string {
  return prepared.knownColumns
    .map((c) => {
      const name = prepared.inputColumns[c];
      if (inside) return `${name}: actual values of the forecast steps (known in advance)`;
      if (future[name]?.length) return `${name}: supplied for the forecast steps`;
      if (parseCalendarColumn(name)) return `${name}: from the dates after the data`;
      return `${name}: known in advance, held at the window's last value for the forecast steps`;
    })
    .join('; ');
}

/** Forecast `steps` rows (default: the model's horizon) past the end of the data. */
export function forecastFuture(model: tf.LayersModel, prepared: PreparedSeries, steps = prepared.window.horizon): { x: (string | number)[]; predicted: number[][] } {
  const result = rollout(model, prepared, prepared.rowCount - 1, steps);
  return { x: result.x, predicted: result.predicted };
}
