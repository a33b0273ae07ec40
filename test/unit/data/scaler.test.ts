import { describe, expect, it } from 'vitest';
import { parseTable, prepareSeries } from '../../../src-main/engine/data';
import type { SeriesSpec } from '../../../src-main/engine/spec';
import { fitScaler, scaleValue, unscaleValue } from '../../../src-main/engine/data/scaler';

/** 30 rows; the last 10 (validation + test) can be replaced to prove they are not used for fitting. */
async function table(lateValues: (r: number) => number): Promise<Awaited<ReturnType<typeof parseTable>>> {
  const lines = ['y,x'];
  for (let r = 0; r < 30; r++) lines.push(`${r < 20 ? 10 + Math.sin(r) * 3 : lateValues(r)},${r < 20 ? r % 7 : lateValues(r) * 2}`);
  return parseTable('scale.csv', lines.join('\n'));
}

const series = (scaler: SeriesSpec['scaler'], transforms: SeriesSpec['transforms'] = []): SeriesSpec => ({
  target: ['y'],
  features: ['x'],
  missing: 'interpolate',
  transforms,
  scaler,
  split: { val: 5, test: 5 },
});
const window = { lookback: 4, horizon: 1, stride: 1 };

describe('scaler fitted on the training rows only', () => {
  it('standard: mean and population std of train rows; validation and test values change nothing', async () => {
    const a = prepareSeries(await table((r) => r), series('standard'), window, 'many-to-one');
    const b = prepareSeries(await table((r) => 1e6 + r * 1e3), series('standard'), window, 'many-to-one');
    expect(a.segments.train.end).toBe(20);
    const trainY = Array.from({ length: 20 }, (_, r) => 10 + Math.sin(r) * 3);
    const mean = trainY.reduce((s, v) => s + v, 0) / 20;
    const std = Math.sqrt(trainY.reduce((s, v) => s + (v - mean) ** 2, 0) / 20);
    expect(a.preprocessing.scalers[0].offset).toBeCloseTo(mean, 12);
    expect(a.preprocessing.scalers[0].scale).toBeCloseTo(std, 12);
    expect(b.preprocessing.scalers).toEqual(a.preprocessing.scalers);
    // The training inputs therefore come out identical too.
    expect(Array.from(b.windows('train').x)).toEqual(Array.from(a.windows('train').x));
  });

  it('min-max maps the train range to [0, 1] and leaves later values outside it', async () => {
    const p = prepareSeries(await table((r) => 100 + r), series('minmax'), window, 'many-to-one');
    const train = p.windows('train');
    expect(Math.min(...train.x)).toBeCloseTo(0, 6);
    expect(Math.max(...train.x)).toBeCloseTo(1, 6);
    expect(Math.max(...p.windows('test').y)).toBeGreaterThan(1);
  });

  it('Box-Cox λ is fitted on the training rows only', async () => {
    const a = prepareSeries(await table((r) => r), series('standard', [{ kind: 'boxcox' }]), window, 'many-to-one');
    const b = prepareSeries(await table((r) => r * 50), series('standard', [{ kind: 'boxcox' }]), window, 'many-to-one');
    expect(a.preprocessing.transforms[0].steps[0]).toEqual(b.preprocessing.transforms[0].steps[0]);
    expect(a.preprocessing.transforms[0].steps[0]).toMatchObject({ kind: 'boxcox', lambda: expect.any(Number) });
  });

  it('scale and unscale are inverse; kind none is the identity', () => {
    const params = fitScaler('v', [1, 2, 3, 4, 100], { start: 0, end: 4 }, 'standard');
    expect(params.offset).toBe(2.5);
    expect(unscaleValue(scaleValue(123.456, params), params)).toBeCloseTo(123.456, 12);
    expect(fitScaler('v', [5, 6], { start: 0, end: 2 }, 'none')).toEqual({ column: 'v', kind: 'none', offset: 0, scale: 1 });
  });
});
