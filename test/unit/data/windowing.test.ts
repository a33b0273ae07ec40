import { describe, expect, it } from 'vitest';
import { parseTable, prepareSeries, type PreparedSeries, type WindowBatch } from '../../../src-main/engine/data';
import type { SeriesSpec, Topology } from '../../../src-main/engine/spec';

/** Rows r = 0..19 with a = r, b = 100 + r, c = 1000 + r: every value names its row. */
async function ramp(): Promise<Awaited<ReturnType<typeof parseTable>>> {
  const lines = ['a,b,c'];
  for (let r = 0; r < 20; r++) lines.push(`${r},${100 + r},${1000 + r}`);
  return parseTable('ramp.csv', lines.join('\n'));
}

const SERIES: SeriesSpec = { target: ['a'], features: [], missing: 'interpolate', transforms: [], scaler: 'none', split: { val: 4, test: 4 } };

async function prepared(topology: Topology, series: Partial<SeriesSpec> = {}, horizon = 2, stride = 2, lookback = 3): Promise<PreparedSeries> {
  return prepareSeries(await ramp(), { ...SERIES, ...series }, { lookback, horizon, stride }, topology);
}

const nested = (batch: WindowBatch, which: 'x' | 'y'): number[][][] => {
  const data = batch[which];
  const shape = which === 'x' ? batch.xShape : batch.yShape;
  const [n, steps, width] = shape;
  return Array.from({ length: n }, (_, i) => Array.from({ length: steps }, (_, s) => Array.from(data.subarray((i * steps + s) * width, (i * steps + s + 1) * width))));
};

describe('chronological split', () => {
  it('puts train, validation and test rows in order, counts taken as rows', async () => {
    const p = await prepared('many-to-one');
    expect(p.segments).toEqual({ train: { start: 3, end: 12 }, val: { start: 12, end: 16 }, test: { start: 16, end: 20 } });
    expect(p.preprocessing.segments).toEqual(p.segments);
  });

  it('takes values below 1 as fractions of the forecastable rows', async () => {
    const p = await prepared('many-to-one', { split: { val: 0.25, test: 0.25 } }, 1, 1, 4);
    // 16 forecastable rows (4..19): 4 validation, 4 test, 8 train.
    expect(p.segments).toEqual({ train: { start: 4, end: 12 }, val: { start: 12, end: 16 }, test: { start: 16, end: 20 } });
  });
});

describe('windows for each topology (lookback 3, horizon 2, stride 2)', () => {
  it('many-to-one: x [n, 3, F], y [n, 2, T] = the next two rows', async () => {
    const train = (await prepared('many-to-one')).windows('train');
    expect(train.count).toBe(4);
    expect(Array.from(train.endRows)).toEqual([2, 4, 6, 8]);
    expect(train.xShape).toEqual([4, 3, 1]);
    expect(train.yShape).toEqual([4, 2, 1]);
    expect(nested(train, 'x')).toEqual([[[0], [1], [2]], [[2], [3], [4]], [[4], [5], [6]], [[6], [7], [8]]]);
    expect(nested(train, 'y')).toEqual([[[3], [4]], [[5], [6]], [[7], [8]], [[9], [10]]]);
  });

  it.each(['one-to-many', 'encoder-decoder'] as const)('%s has the same layout as many-to-one', async (topology) => {
    const a = (await prepared(topology)).windows('val');
    const b = (await prepared('many-to-one')).windows('val');
    expect(a.yShape).toEqual([2, 2, 1]);
    expect(Array.from(a.y)).toEqual(Array.from(b.y));
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.endRows)).toEqual([11, 13]);
    expect(nested(a, 'y')).toEqual([[[12], [13]], [[14], [15]]]);
  });

  it('many-to-many: y [n, lookback, horizon*T], at each step the next horizon rows', async () => {
    const test = (await prepared('many-to-many')).windows('test');
    expect(Array.from(test.endRows)).toEqual([15, 17]);
    expect(test.yShape).toEqual([2, 3, 2]);
    // Window ending at 15 reads rows 13, 14, 15.
    expect(nested(test, 'x')[0]).toEqual([[13], [14], [15]]);
    expect(nested(test, 'y')).toEqual([
      [[14, 15], [15, 16], [16, 17]],
      [[16, 17], [17, 18], [18, 19]],
    ]);
  });

  it('orders input columns targets first, then features, and lays y out as [h][target]', async () => {
    const p = await prepared('many-to-one', { target: ['b', 'a'], features: ['c'] });
    expect(p.inputColumns).toEqual(['b', 'a', 'c']);
    const train = p.windows('train');
    expect(train.xShape).toEqual([4, 3, 3]);
    expect(nested(train, 'x')[0]).toEqual([[100, 0, 1000], [101, 1, 1001], [102, 2, 1002]]);
    expect(nested(train, 'y')[0]).toEqual([[103, 3], [104, 4]]);
    const m2m = (await prepared('many-to-many', { target: ['a', 'b'] })).windows('train');
    expect(m2m.yShape).toEqual([4, 3, 4]);
    // Step 0 (row 0): a and b at rows 1 and 2, laid out [h0 a, h0 b, h1 a, h1 b].
    expect(nested(m2m, 'y')[0][0]).toEqual([1, 101, 2, 102]);
  });

  it('stride 1 and horizon 1 give one window per forecastable row', async () => {
    const p = await prepared('many-to-one', {}, 1, 1);
    expect(p.windows('train').count + p.windows('val').count + p.windows('test').count).toBe(17);
  });

  it('windowEndingAt returns the scaled input of any complete window', async () => {
    const p = await prepared('many-to-one', { target: ['a'], features: ['c'] });
    expect(Array.from(p.windowEndingAt(19))).toEqual([17, 1017, 18, 1018, 19, 1019]);
    // Messages number rows as the Rows preview does (1-based): index 1 is row 2.
    expect(() => p.windowEndingAt(1)).toThrow(/cannot end at row 2;/);
    expect(() => p.windowEndingAt(20)).toThrow(/must end between row 3 and row 20/);
  });
});

describe('no leakage across splits', () => {
  it.each([
    ['many-to-one', 1, 1],
    ['many-to-one', 3, 2],
    ['many-to-many', 2, 1],
    ['encoder-decoder', 4, 3],
  ] as const)('%s horizon %i stride %i', async (topology, horizon, stride) => {
    const p = await prepared(topology, { split: { val: 0.2, test: 0.2 } }, horizon, stride);
    for (const name of ['train', 'val', 'test'] as const) {
      const batch = p.windows(name);
      const range = p.segments[name];
      expect(batch.count).toBeGreaterThan(0);
      for (const endRow of batch.endRows) {
        // Every forecast row lies inside the window's own segment…
        expect(endRow + 1).toBeGreaterThanOrEqual(range.start);
        expect(endRow + horizon).toBeLessThan(range.end);
        // …and nothing a train window touches (inputs or targets) reaches validation.
        if (name === 'train') expect(endRow + horizon).toBeLessThan(p.segments.val.start);
      }
      // The y values name their rows (a = row index): none comes from a later segment.
      expect(Math.max(...batch.y)).toBeLessThan(range.end);
    }
    // Validation inputs may reach back into training rows.
    expect(p.windows('val').endRows[0] - p.window.lookback + 1).toBeLessThan(p.segments.val.start);
  });
});
