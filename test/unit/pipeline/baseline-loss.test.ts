import { describe, expect, it } from 'vitest';
import { baselineLosses, forecastInModelSpace, forecastOfWindow } from '../../../src-main/engine/metrics';
import type { PreparedSeries } from '../../../src-main/engine/data';
import type { TransformSpec, Topology } from '../../../src-main/engine/spec';
import { monthlyTable, prepareWith, tinyConfig } from './fixtures';

/** The actual future values of a window, [h][target] in original units. */
function actualFuture(prepared: PreparedSeries, endRow: number): number[][] {
  return Array.from({ length: prepared.window.horizon }, (_, h) => prepared.targets.map((_, t) => prepared.original[t][endRow + 1 + h]));
}

const cases: { name: string; transforms: TransformSpec[]; topology: Topology; horizon: number; lookback: number }[] = [
  { name: 'no transforms', transforms: [], topology: 'many-to-one', horizon: 3, lookback: 6 },
  { name: 'log', transforms: [{ kind: 'log' }], topology: 'encoder-decoder', horizon: 2, lookback: 6 },
  { name: 'log + diff', transforms: [{ kind: 'log' }, { kind: 'diff' }], topology: 'many-to-one', horizon: 2, lookback: 6 },
  { name: 'diff, horizon longer than lookback', transforms: [{ kind: 'diff' }], topology: 'many-to-one', horizon: 7, lookback: 3 },
  { name: 'many-to-many, seasonal diff', transforms: [{ kind: 'seasonalDiff', period: 12 }], topology: 'many-to-many', horizon: 2, lookback: 5 },
];

describe('forecastInModelSpace', () => {
  it.each(cases)('maps the actual future onto the training targets exactly ($name)', async ({ transforms, topology, horizon, lookback }) => {
    const table = await monthlyTable(96);
    const base = tinyConfig();
    const config = { ...base, series: { ...base.series, transforms }, window: { ...base.window, lookback, horizon }, model: { ...base.model, topology } };
    const prepared = prepareWith(table, config);
    const batch = prepared.windows('val');
    expect(batch.count).toBeGreaterThan(0);
    for (let i = 0; i < batch.count; i++) {
      const expected = forecastOfWindow(batch.y, batch.yShape, i, topology, horizon, 1);
      const mapped = forecastInModelSpace(prepared, batch.endRows[i], actualFuture(prepared, batch.endRows[i]));
      for (let h = 0; h < horizon; h++) expect(mapped[h][0]).toBeCloseTo(expected[h][0], 4);
    }
  });
});

describe('baselineLosses', () => {
  it('is the scaled-space MSE of naive and seasonal naive, by hand without transforms', async () => {
    const table = await monthlyTable(96);
    const base = tinyConfig();
    const config = { ...base, series: { ...base.series, transforms: [], features: [] }, window: { ...base.window, lookback: 4, horizon: 1 } };
    const prepared = prepareWith(table, config);
    const batch = prepared.windows('val');
    const { scale } = prepared.preprocessing.scalers[0];
    const y = prepared.original[0];
    let naive = 0;
    let seasonal = 0;
    for (const end of batch.endRows) {
      naive += ((y[end] - y[end + 1]) / scale) ** 2;
      seasonal += ((y[end + 1 - 12] - y[end + 1]) / scale) ** 2;
    }
    const losses = baselineLosses(prepared, batch, 12);
    expect(losses.naive).toBeCloseTo(naive / batch.count, 6);
    expect(losses.seasonalNaive).toBeCloseTo(seasonal / batch.count, 6);
  });
});
