import { describe, expect, it } from 'vitest';
import { computeMetrics, computeMetricsReport, maseScale, naiveForecast, seasonalNaiveForecast, skillScore } from '../../../src-main/engine/metrics';

describe('computeMetrics', () => {
  it('matches hand-computed MAE, RMSE, MAPE, sMAPE and MASE', () => {
    const actual = [10, 20, 30, 40];
    const predicted = [12, 18, 33, 40];
    // errors 2, 2, 3, 0
    const m = computeMetrics(actual, predicted, 2);
    expect(m.mae).toBeCloseTo(7 / 4, 12);
    expect(m.rmse).toBeCloseTo(Math.sqrt((4 + 4 + 9 + 0) / 4), 12);
    expect(m.mape).toBeCloseTo((100 * (2 / 10 + 2 / 20 + 3 / 30 + 0)) / 4, 12);
    expect(m.smape).toBeCloseTo((100 * ((2 * 2) / 22 + (2 * 2) / 38 + (2 * 3) / 63 + 0)) / 4, 12);
    expect(m.mase).toBeCloseTo(7 / 4 / 2, 12);
  });

  it('skips zero actuals in MAPE and says so', () => {
    const report = computeMetricsReport([0, 10], [1, 12], () => 1);
    expect(report.metrics.mape).toBeCloseTo(20, 12);
    expect(report.metrics.smape).toBeCloseTo((100 * (2 + (2 * 2) / 22)) / 2, 12);
    expect(report.notes.join(' ')).toMatch(/MAPE skips 1 of 2 points/);
  });

  it('stays finite when every actual is zero and explains it', () => {
    const report = computeMetricsReport([0, 0], [0, 0], () => 1);
    expect(Object.values(report.metrics).every(Number.isFinite)).toBe(true);
    expect(report.metrics.mae).toBe(0);
    expect(report.notes.join(' ')).toMatch(/every actual value is 0/);
  });

  it('pools points with per-point MASE scales (multi-target)', () => {
    const report = computeMetricsReport([1, 100], [2, 110], (i) => (i === 0 ? 1 : 10));
    expect(report.metrics.mase).toBeCloseTo((1 / 1 + 10 / 10) / 2, 12);
  });

  it('rejects mismatched lengths and empty input', () => {
    expect(() => computeMetrics([1, 2], [1], 1)).toThrow(/1 predictions for 2 actuals/);
    expect(() => computeMetrics([], [], 1)).toThrow(/at least one point/);
  });

  it('skill is 1 − model MASE / baseline MASE', () => {
    const model = computeMetrics([1], [1.5], 1);
    const base = computeMetrics([1], [3], 1);
    expect(skillScore(model, base)).toBeCloseTo(1 - 0.5 / 2, 12);
  });
});

describe('baselines', () => {
  const series = [1, 2, 3, 4, 5, 6, 7, 8];

  it('naive repeats the last observed value', () => {
    expect(naiveForecast(series, 4, 3)).toEqual([5, 5, 5]);
  });

  it('seasonal naive takes the value one season earlier and repeats the last season beyond it', () => {
    // season 3, origin row 5 (value 6): rows 6, 7, 8, 9 ← rows 3, 4, 5, 3
    expect(seasonalNaiveForecast(series, 5, 4, 3)).toEqual([4, 5, 6, 4]);
  });

  it('seasonal naive with season 1 equals naive', () => {
    expect(seasonalNaiveForecast(series, 6, 3, 1)).toEqual(naiveForecast(series, 6, 3));
  });

  it('seasonal naive falls back to naive before the first season', () => {
    expect(seasonalNaiveForecast(series, 1, 2, 12)).toEqual([2, 2]);
  });

  it('rejects an origin outside the series', () => {
    expect(() => naiveForecast(series, 8, 1)).toThrow(/outside the series/);
  });
});

describe('maseScale', () => {
  it('uses the seasonal naive error on the training rows only', () => {
    // train rows 0..5: |3-1|, |4-2|, |5-3|, |6-4| with season 2 → 2. The huge test values must not count.
    const series = [1, 2, 3, 4, 5, 6, 1000, -1000];
    expect(maseScale(series, 6, 2)).toEqual({ scale: 2, lag: 2 });
  });

  it('falls back to lag 1 when the training segment is shorter than a season', () => {
    const s = maseScale([1, 3, 6, 10], 4, 12);
    expect(s.lag).toBe(1);
    expect(s.scale).toBeCloseTo((2 + 3 + 4) / 3, 12);
    expect(s.note).toMatch(/lag-1/);
  });

  it('stays finite on a flat training segment', () => {
    expect(maseScale([5, 5, 5, 9], 3, 1).scale).toBe(1);
  });
});
