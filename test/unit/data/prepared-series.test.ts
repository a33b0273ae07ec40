import { describe, expect, it } from 'vitest';
import { loadTableFile, parseTable, preparedFromRecord, prepareSeries, PreprocessingRecord, sampleDatasetPath, type PreparedSeries } from '../../../src-main/engine/data';
import type { SeriesSpec, TransformSpec } from '../../../src-main/engine/spec';

const TRANSFORMS: [string, TransformSpec[]][] = [
  ['none', []],
  ['log', [{ kind: 'log' }]],
  ['boxcox (fitted) + diff', [{ kind: 'boxcox' }, { kind: 'diff' }]],
  ['log + seasonal diff + diff', [{ kind: 'log' }, { kind: 'seasonalDiff', period: 12 }, { kind: 'diff' }]],
];

async function airline(transforms: TransformSpec[], scaler: SeriesSpec['scaler'] = 'standard', horizon = 3): Promise<PreparedSeries> {
  const table = await loadTableFile(sampleDatasetPath());
  return prepareSeries(table, { target: ['Passengers'], features: [], missing: 'interpolate', transforms, scaler, split: { val: 0.15, test: 0.15 } }, { lookback: 12, horizon, stride: 1 }, 'many-to-one');
}

/** The scaled y of window i as [h][target] numbers (what a perfect model would output). */
function yOf(p: PreparedSeries, segment: 'train' | 'val' | 'test', i: number): { endRow: number; scaled: number[][] } {
  const batch = p.windows(segment);
  const [, horizon, targets] = batch.yShape;
  const scaled = Array.from({ length: horizon }, (_, h) => Array.from(batch.y.subarray((i * horizon + h) * targets, (i * horizon + h + 1) * targets)));
  return { endRow: batch.endRows[i], scaled };
}

describe('model units ↔ original units', () => {
  it.each(TRANSFORMS)('%s: toOriginal(y) gives back the actual future values', async (_name, transforms) => {
    const p = await airline(transforms);
    expect(p.x[0]).toBe('1949-01');
    for (const segment of ['train', 'val', 'test'] as const) {
      const count = p.windows(segment).count;
      for (const i of [0, count - 1]) {
        const { endRow, scaled } = yOf(p, segment, i);
        const original = p.toOriginal(endRow, scaled);
        original.forEach(([value], h) => expect(value).toBeCloseTo(p.original[0][endRow + 1 + h], 3));
      }
    }
  });

  it.each(TRANSFORMS)('%s: scaleWindow(original rows) equals windowEndingAt', async (_name, transforms) => {
    const p = await airline(transforms, 'minmax');
    const endRow = p.segments.test.start + 2;
    const rows = Array.from({ length: 12 }, (_, s) => [p.original[0][endRow - 11 + s]]);
    const expected = Array.from(p.windowEndingAt(endRow));
    Array.from(p.scaleWindow(rows, endRow)).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });

  it('rolls past the end of the data when the window brings its own history', async () => {
    const p = await airline([{ kind: 'log' }, { kind: 'seasonalDiff', period: 12 }, { kind: 'diff' }]);
    expect(p.warmupRows).toBe(13);
    const last = p.rowCount - 1;
    const withHistory = Array.from({ length: 12 + 13 }, (_, s) => [p.original[0][last - 24 + s]]);
    // Same rows, pretending the window ends 5 rows beyond the data: the result depends only on the values.
    const atEnd = Array.from(p.scaleWindow(withHistory, last));
    const beyond = Array.from(p.scaleWindow(withHistory, last + 5));
    expect(beyond).toEqual(atEnd);
    expect(() => p.scaleWindow(withHistory.slice(13), last + 30)).toThrow(/needed as history for differencing/);
    // toOriginal with an explicit history matches the one drawn from the data.
    const { endRow, scaled } = yOf(p, 'test', 0);
    const history = Array.from({ length: 13 }, (_, s) => [p.original[0][endRow - 12 + s]]);
    expect(p.toOriginal(endRow + 100, scaled, history)).toEqual(p.toOriginal(endRow, scaled));
  });

  it('refuses windows of the wrong size', async () => {
    const p = await airline([]);
    expect(() => p.scaleWindow([[1], [2]], 20)).toThrow(/the window has 2 rows but the model looks back 12/);
    expect(() => p.scaleWindow(Array.from({ length: 12 }, () => [1, 2]), 20)).toThrow(/window row 1 has 2 values, expected 1/);
  });
});

describe('preparedFromRecord', () => {
  it('survives JSON and reproduces the same windows on the same data without refitting', async () => {
    const p = await airline([{ kind: 'boxcox' }, { kind: 'diff' }]);
    const record = PreprocessingRecord.parse(JSON.parse(JSON.stringify(p.preprocessing)));
    const again = preparedFromRecord(record, await loadTableFile(sampleDatasetPath()));
    expect(again.segments).toEqual(p.segments);
    expect(again.preprocessing).toEqual(p.preprocessing);
    expect(Array.from(again.windows('test').x)).toEqual(Array.from(p.windows('test').x));
    expect(Array.from(again.windows('val').y)).toEqual(Array.from(p.windows('val').y));
  });

  it('applies the fitted parameters to new data and treats it all as test', async () => {
    const p = await airline([{ kind: 'log' }]);
    const lines = ['Month,Passengers', ...Array.from({ length: 20 }, (_, i) => `1961-${String((i % 12) + 1).padStart(2, '0')}-${String(Math.floor(i / 12) + 1).padStart(2, '0')},${400 + i}`)];
    const fresh = await parseTable('new.csv', lines.join('\n'));
    const q = preparedFromRecord(p.preprocessing, fresh);
    expect(q.preprocessing.scalers).toEqual(p.preprocessing.scalers);
    expect(q.segments.test).toEqual({ start: 12, end: 20 });
    expect(q.windows('train').count).toBe(0);
    const scaler = p.preprocessing.scalers[0];
    expect(q.windowEndingAt(19)[11]).toBeCloseTo((Math.log(q.original[0][19]) - scaler.offset) / scaler.scale, 5);
    const tooShort = await parseTable('short.csv', lines.slice(0, 6).join('\n'));
    expect(() => preparedFromRecord(p.preprocessing, tooShort)).toThrow(/needs at least 12 rows/);
  });
});
