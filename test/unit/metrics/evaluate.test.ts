import { describe, expect, it } from 'vitest';
import { evaluateForecasts } from '../../../src-main/engine/metrics';

describe('evaluateForecasts', () => {
  // rows:        0  1  2  3  4  5  6  7
  const series = [1, 3, 2, 4, 3, 5, 4, 6];
  const input = { targetSeries: [series], trainEnd: 4, season: 2 };

  it('scores model and baselines on the same (window, step) points, by hand', () => {
    // Two windows ending at rows 4 and 5, horizon 2: points are rows 5, 6 and 6, 7.
    const evaluation = evaluateForecasts(input, { endRows: [4, 5], predicted: [[[5], [5]], [[4], [7]]] });
    expect(evaluation.points.rows).toEqual([5, 6, 6, 7]);
    expect(evaluation.points.actual).toEqual([[5], [4], [4], [6]]);
    expect(evaluation.points.naive).toEqual([[3], [3], [5], [5]]);
    // season 2: row 5 ← row 3, row 6 ← row 4 (from origin 4); row 6 ← row 4, row 7 ← row 5 (from origin 5)
    expect(evaluation.points.seasonalNaive).toEqual([[4], [3], [3], [5]]);
    // MASE scale: season-2 differences on rows 0..3 only: |2-1|, |4-3| → 1
    expect(evaluation.scales).toEqual([1]);
    expect(evaluation.model.metrics.mae).toBeCloseTo((0 + 1 + 0 + 1) / 4, 12);
    expect(evaluation.naive.metrics.mae).toBeCloseTo((2 + 1 + 1 + 1) / 4, 12);
    expect(evaluation.seasonalNaive.metrics.mae).toBeCloseTo((1 + 1 + 1 + 1) / 4, 12);
    expect(evaluation.seasonalNaive.metrics.mase).toBeCloseTo(1, 12);
  });

  it('pools several targets, each scaled by its own training error', () => {
    const big = series.map((v) => v * 100);
    const evaluation = evaluateForecasts({ targetSeries: [series, big], trainEnd: 4, season: 2 }, { endRows: [5], predicted: [[[5, 500], [6, 700]]] });
    expect(evaluation.scales).toEqual([1, 100]);
    // errors: target 0 → |4-5|=1, |6-6|=0; target 1 → |400-500|=100, |600-700|=100 → scaled 1, 0, 1, 1
    expect(evaluation.model.metrics.mase).toBeCloseTo(3 / 4, 12);
  });

  it('refuses forecasts past the end of the data', () => {
    expect(() => evaluateForecasts(input, { endRows: [7], predicted: [[[1]]] })).toThrow(/past the end/);
  });
});
