import type * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { backtest } from '../../../src-main/engine/backtest';
import { DataError, parseTable, type PreparedSeries } from '../../../src-main/engine/data';
import { forecastAhead } from '../../../src-main/engine/forecast-ahead';
import { futureFeaturesFromTable } from '../../../src-main/engine/future-features';
import { forecastOfWindow } from '../../../src-main/engine/metrics';
import { predictFromWindow, predictRaw, rollout } from '../../../src-main/engine/predict';
import { modelFor, monthlyTable, prepareWith, tinyConfig } from './fixtures';

// A real (untrained, seeded) GRU: what matters is which values reach it, not how good it is.
let prepared: PreparedSeries;
let model: tf.LayersModel;
const HORIZON = 2;

beforeAll(async () => {
  await initBackend();
  const config = tinyConfig({
    series: { target: ['sales'], features: [{ column: 'price', knownInAdvance: true }], calendar: ['month'], transforms: [{ kind: 'log' }], split: { val: 12, test: 24 } },
    window: { lookback: 6, horizon: HORIZON },
  });
  prepared = prepareWith(await monthlyTable(96), config);
  model = modelFor(prepared, config);
});
afterAll(() => model.dispose());

const futureCsv = (rows: number, header = 'month,price'): string => [header, ...Array.from({ length: rows }, (_, i) => `2008-${String(i + 1).padStart(2, '0')},${9 + i}`)].join('\n');

describe('forecasting with a known-in-advance feature', () => {
  it('a rollout inside the data feeds the actual feature values of the forecast rows, and says so', () => {
    const at = prepared.segments.test.start + 3;
    const result = rollout(model, prepared, at, HORIZON);
    const raw = predictRaw(model, prepared.windowEndingAt(at), [1, 6, prepared.inputColumns.length]);
    const direct = prepared.toOriginal(at, forecastOfWindow(raw.values, raw.shape, 0, prepared.topology, HORIZON, 1));
    // The rollout runs the inference plan (float32 sums in another order than predict's): equal to 1e-5 relative.
    result.predicted.forEach((row, h) => expect(Math.abs(row[0] - direct[h][0])).toBeLessThan(1e-5 * Math.abs(direct[h][0])));
    expect(result.features).toMatch(/price: actual values of the forecast rows \(known in advance: actual future values\)/);
    expect(backtest(model, prepared, { horizon: 2, season: 12 }).features).toMatch(/actual future values of price at the forecast rows \(known in advance\)/);
  });

  it('past the data: without future values the feature is held and the output says so; supplied values change the forecast', async () => {
    const held = forecastAhead(model, prepared, { steps: 4, season: 12 });
    expect(held.features).toMatch(/price: held at its last known value \(known in advance: supply its future values/);
    expect(held.features).toMatch(/month:sin: from the future dates/);
    const future = futureFeaturesFromTable(await parseTable('future.csv', futureCsv(5)), prepared, 4);
    expect(Array.from(future.price)).toEqual([9, 10, 11, 12, 13]);
    const supplied = forecastAhead(model, prepared, { steps: 4, season: 12, future });
    expect(supplied.features).toMatch(/price: supplied \(known in advance\)/);
    expect(supplied.predicted).not.toEqual(held.predicted);
    // The first forecast reads price at rows n and n+1: the supplied 9 and 10, not the held value.
    const again = forecastAhead(model, prepared, { steps: 4, season: 12, future: { price: [9, 10, 99, 99, 99] } });
    expect(again.predicted.slice(0, 2)).toEqual(supplied.predicted.slice(0, 2));
    expect(again.predicted.slice(2)).not.toEqual(supplied.predicted.slice(2));
  });

  it('a what-if window reads the supplied future values at its forecast steps, else holds the last value and says so', () => {
    const n = prepared.rowCount;
    const window = Array.from({ length: 6 }, (_, s) => prepared.original.map((col) => col[n - 6 + s]));
    const held = predictFromWindow(model, prepared, window);
    expect(held.features).toMatch(/price: known in advance, held at the window's last value for the forecast steps/);
    const given = predictFromWindow(model, prepared, window, { price: [1, 2] });
    expect(given.features).toMatch(/price: supplied for the forecast steps/);
    expect(given.predicted).not.toEqual(held.predicted);
    // A window taken from inside the data reads the data's next rows: the same forecast as the rollout from there.
    const at = prepared.segments.test.start + 3;
    const inside = predictFromWindow(model, prepared, rollout(model, prepared, at, HORIZON).input, {}, at);
    expect(inside.features).toMatch(/price: actual values of the forecast steps \(known in advance\)/);
    inside.predicted.forEach((row, h) => expect(row[0]).toBeCloseTo(rollout(model, prepared, at, HORIZON).predicted[h][0], 6));
  });

  it('refuses a future file without the known column, or too short, saying what, where and how to fix it', async () => {
    const noColumn = await parseTable('future.csv', futureCsv(5, 'month,cost'));
    expect(() => futureFeaturesFromTable(noColumn, prepared, 4)).toThrow(DataError);
    expect(() => futureFeaturesFromTable(noColumn, prepared, 4)).toThrow(/future\.csv, column 'price': there is no column 'price', which the model knows in advance.*Add that column with one row per future step from the row after the data's last \(2007-12\)/);
    const short = await parseTable('future.csv', futureCsv(4));
    expect(() => futureFeaturesFromTable(short, prepared, 4)).toThrow(/the file has 4 row\(s\) of 'price' but the forecast needs 5 \(4 forecast step\(s\) plus 1 more/);
    const gap = await parseTable('future.csv', 'month,price\n2008-01,1\n2008-02,\n2008-03,3\n2008-04,4\n2008-05,5');
    expect(() => futureFeaturesFromTable(gap, prepared, 4)).toThrow(/row 2 \(2008-02, file line 3\), column 'price': future step 2 has no number/);
  });
});
