import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import type { PreparedSeries } from '../../../src-main/engine/data';
import { forecastOfWindow } from '../../../src-main/engine/metrics';
import { forecastFuture, forecastSplit, predictFromWindow, rollout } from '../../../src-main/engine/predict';
import { modelFor, monthlyTable, prepareWith, tinyConfig } from './fixtures';

let prepared: PreparedSeries;
let model: tf.LayersModel;

beforeAll(async () => {
  await initBackend();
  const config = tinyConfig();
  prepared = prepareWith(await monthlyTable(96), config);
  model = modelFor(prepared, config);
});
afterAll(() => model.dispose());

describe('forecastOfWindow', () => {
  it('reads [n, H, T] from the window start and many-to-many from its last step', () => {
    // 2 windows, H = 2, T = 1
    expect(forecastOfWindow([1, 2, 3, 4], [2, 2, 1], 1, 'many-to-one', 2, 1)).toEqual([[3], [4]]);
    // many-to-many: 2 windows, lookback 3, H·T = 2 → the last step's pair
    const y = [0, 0, 0, 0, 5, 6, 0, 0, 0, 0, 7, 8];
    expect(forecastOfWindow(y, [2, 3, 2], 0, 'many-to-many', 2, 1)).toEqual([[5], [6]]);
    expect(forecastOfWindow(y, [2, 3, 2], 1, 'many-to-many', 2, 1)).toEqual([[7], [8]]);
  });
});

describe('forecastSplit', () => {
  it('returns every (window, step) point with dates, actuals and both baselines in original units', () => {
    const forecast = forecastSplit(model, prepared, 'test', { runId: 'r1' });
    const windows = prepared.windows('test').count;
    expect(forecast.x).toHaveLength(windows * prepared.window.horizon);
    expect(forecast.actual).toHaveLength(forecast.x.length);
    expect(forecast.x[0]).toMatch(/^\d{4}-\d{2}/);
    const firstRow = prepared.windows('test').endRows[0] + 1;
    expect(forecast.actual[0][0]).toBeCloseTo(prepared.original[0][firstRow], 9);
    // naive = the last observed value before the window's first forecast point
    expect(forecast.naive[0][0]).toBeCloseTo(prepared.original[0][firstRow - 1], 9);
    expect(forecast.seasonalNaive[0][0]).toBeCloseTo(prepared.original[0][firstRow - 12], 9);
    for (const m of Object.values(forecast.metrics)) expect(Object.values(m).every(Number.isFinite)).toBe(true);
  });
});

describe('rollout', () => {
  it('produces `steps` predictions, feeding its own predictions back as inputs', () => {
    const at = prepared.segments.val.start + 3;
    const result = rollout(model, prepared, at, 5);
    expect(result.predicted).toHaveLength(5);
    expect(result.x).toHaveLength(5);
    expect(result.input).toHaveLength(prepared.window.lookback);
    expect(result.input[result.input.length - 1][0]).toBeCloseTo(prepared.original[0][at], 9);
    // The first chunk equals a plain forecast of the window ending at `at`.
    const lookback = prepared.window.lookback;
    const history = Array.from({ length: lookback + prepared.warmupRows }, (_, i) => prepared.inputColumns.map((_, c) => prepared.original[c][at - lookback - prepared.warmupRows + 1 + i]));
    expect(predictFromWindowAt(history, at)[0][0]).toBeCloseTo(result.predicted[0][0], 6);
    // The third step (second chunk, horizon 2) is forecast from a window whose last rows are the first two predictions.
    const fed = history.slice(2).concat(
      [1, 2].map((k) => [result.predicted[k - 1][0], prepared.original[1][at + k]]),
    );
    expect(predictFromWindowAt(fed, at + 2)[0][0]).toBeCloseTo(result.predicted[2][0], 6);
  });

  it('continues dates past the end of monthly data month by month', () => {
    const future = forecastFuture(model, prepared, 3);
    const last = String(prepared.x[prepared.rowCount - 1]);
    expect(future.predicted).toHaveLength(3);
    const [year, month] = last.split('-').map(Number);
    const next = new Date(Date.UTC(year, month, 1)); // month is 1-based, so this is the month after
    expect(String(future.x[0]).slice(0, 7)).toBe(next.toISOString().slice(0, 7));
    // Predictions are in the data's units (sales around a few hundred), not the scaled space.
    const recent = prepared.original[0][prepared.rowCount - 1];
    for (const [value] of future.predicted) expect(Math.abs(Math.log(value / recent))).toBeLessThan(1);
  });

  it('rejects a start row without a full window before it', () => {
    expect(() => rollout(model, prepared, 2, 3)).toThrow(/out of range: it must be between/);
  });
});

describe('predictFromWindow', () => {
  it('predicts the model horizon from an edited window and checks its size', () => {
    const lookback = prepared.window.lookback;
    const window = Array.from({ length: lookback }, (_, i) => [200 + i, 5]);
    const result = predictFromWindow(model, prepared, window);
    expect(result.predicted).toHaveLength(prepared.window.horizon);
    expect(result.x).toEqual([1, 2]);
    expect(() => predictFromWindow(model, prepared, window.slice(1))).toThrow(/reads 6 or 7/);
    expect(() => predictFromWindow(model, prepared, window.map((r) => [r[0]]))).toThrow(/expected 2 \(sales, price\)/);
  });
});

/** Forecast for a window given with its warm-up rows, scaled as if it ended at `endRow`. */
function predictFromWindowAt(window: number[][], endRow: number): number[][] {
  const scaled = prepared.scaleWindow(window, endRow);
  const values = tf.tidy(() => (model.predict(tf.tensor3d(scaled, [1, prepared.window.lookback, prepared.inputColumns.length])) as tf.Tensor).dataSync());
  const scaledForecast = forecastOfWindow(values, [1, prepared.window.horizon, 1], 0, prepared.topology, prepared.window.horizon, 1);
  return prepared.toOriginal(endRow, scaledForecast, window.map((r) => [r[0]]));
}
