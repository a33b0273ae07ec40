import type * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { backtest, originRows } from '../../../src-main/engine/backtest';
import type { PreparedSeries } from '../../../src-main/engine/data';
import { forecastAhead } from '../../../src-main/engine/forecast-ahead';
import { rollout } from '../../../src-main/engine/predict';
import { fitLinearShortcut } from '../../../src-main/engine/train';
import { modelFor, monthlyTable, prepareWith, tinyConfig } from './fixtures';

describe('originRows', () => {
  it('steps from the start while `horizon` actual rows follow, keeping the latest `limit`', () => {
    expect(originRows(10, 20, 3, 2)).toEqual([10, 12, 14, 16]);
    expect(originRows(10, 20, 3, 2, 2)).toEqual([14, 16]);
    expect(originRows(19, 20, 3, 1)).toEqual([]);
  });
});

// Each case on an untrained network, and on a model with the linear shortcut (fitted, as training starts).
describe.each([false, true])('linear shortcut %s', (linearShortcut) => {
  let prepared: PreparedSeries;
  let model: tf.LayersModel;

  beforeAll(async () => {
    await initBackend();
    const config = tinyConfig({
      series: { target: ['sales'], features: ['price'], calendar: ['month'], transforms: [{ kind: 'log' }, { kind: 'diff' }], split: { val: 12, test: 24 } },
      window: { lookback: 6, horizon: 1 },
      model: { cell: 'gru', layers: [{ units: 4 }], linearShortcut },
    });
    prepared = prepareWith(await monthlyTable(96), config);
    model = modelFor(prepared, config);
    // The network's output starts at zero with the shortcut: fit the shortcut as training's first step does.
    fitLinearShortcut(model, prepared.windows('train'));
  });
  afterAll(() => model.dispose());


  describe('backtest', () => {
    it('rolls out from every test-period origin and scores each step against both baselines on the same rows', () => {
      const y = prepared.original[0];
      const result = backtest(model, prepared, { horizon: 3, season: 12 });
      const origins = originRows(prepared.segments.test.start - 1, prepared.rowCount - 1, 3, 1);
      expect(result.origins).toEqual(origins.map((r) => prepared.x[r]));
      expect(result.perStep.map((s) => s.count)).toEqual([origins.length, origins.length, origins.length]);
      // Step 2 from the first origin: the residual is the actual minus that rollout's second prediction.
      const firstRollout = rollout(model, prepared, origins[0], 3);
      expect(firstRollout.features).toBe("price: actual values (known inside the data); month:sin: from each row's date; month:cos: from each row's date");
      expect(rollout(model, prepared, prepared.rowCount - 1, 2).features).toMatch(/price: actual values, then held at the last known value past the data/);
      const first = firstRollout.predicted;
      expect(result.residuals[1][0]).toBeCloseTo(y[origins[0] + 2] - first[1][0], 6);
      const naiveMae = origins.reduce((s, o) => s + Math.abs(y[o + 3] - y[o]), 0) / origins.length;
      expect(result.perStep[2].naive.mae).toBeCloseTo(naiveMae, 9);
      const seasonalMae = origins.reduce((s, o) => s + Math.abs(y[o + 1] - y[o + 1 - 12]), 0) / origins.length;
      expect(result.perStep[0].seasonalNaive.mae).toBeCloseTo(seasonalMae, 9);
      expect(result.intervals.map((i) => i.level)).toEqual([0.8, 0.95]);
      for (const i of result.intervals) {
        expect(i.checked).toBe(3 * (origins.length - Math.floor(origins.length / 2)));
        expect(i.coverage).toBeGreaterThanOrEqual(0);
        expect(i.coverage).toBeLessThanOrEqual(1);
      }
      expect(result.features).toMatch(/actual future values of price/);
      expect(result.features).toMatch(/calendar/);
    });

    it('explains a horizon that leaves no origin', () => {
      expect(() => backtest(model, prepared, { horizon: 500, season: 12 })).toThrow(/no backtest origin leaves 500 actual rows/);
      expect(() => backtest(model, prepared, { horizon: 0, season: 12 })).toThrow(/positive whole number/);
    });
  });

  describe('forecastAhead', () => {
    it('continues the monthly dates with nested 80% and 95% intervals around the point forecast', () => {
      const ahead = forecastAhead(model, prepared, { steps: 30, season: 12 });
      const [year, month] = String(prepared.x[prepared.rowCount - 1]).split('-').map(Number);
      const next = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 7);
      expect(String(ahead.x[0]).slice(0, 7)).toBe(next);
      expect(ahead.predicted).toHaveLength(30);
      const [i80, i95] = ahead.intervals;
      ahead.predicted.forEach((p, h) => {
        expect(i95.lower[h]).toBeLessThanOrEqual(i80.lower[h]);
        expect(i80.lower[h]).toBeLessThanOrEqual(p);
        expect(p).toBeLessThanOrEqual(i80.upper[h]);
        expect(i80.upper[h]).toBeLessThanOrEqual(i95.upper[h]);
      });
      // The test period has 24 rows: 10 origins measure 15 steps; later steps extrapolate the widths, which keep growing.
      expect(ahead.intervalSource).toMatch(/errors of 10 rollouts of 15 step\(s\) from origins in the test period/);
      expect(i95.upper[29] - ahead.predicted[29]).toBeGreaterThan(i95.upper[14] - ahead.predicted[14]);
      expect(ahead.features).toMatch(/price: held at its last known value/);
      expect(ahead.features).toMatch(/month:sin: from the future dates/);
    });

    it('uses supplied future feature values', () => {
      const held = forecastAhead(model, prepared, { steps: 4, season: 12 });
      const supplied = forecastAhead(model, prepared, { steps: 4, season: 12, future: { price: [50, 50, 50, 50] } });
      expect(supplied.features).toMatch(/price: supplied/);
      expect(supplied.predicted[1]).not.toBeCloseTo(held.predicted[1], 6);
    });
  });
});
