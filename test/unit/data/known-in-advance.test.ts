import { describe, expect, it } from 'vitest';
import { DataError, leadColumn, parseTable, preparedFromRecord, prepareSeries, type PreparedSeries, type Table, type WindowBatch } from '../../../src-main/engine/data';
import { SeriesSpec, type Topology } from '../../../src-main/engine/spec';

/** Rows r = 0..19 with a = r (target), b = 100 + r (past-only feature), k = 1000 + r (known in advance). */
async function ramp(): Promise<Table> {
  const lines = ['a,b,k'];
  for (let r = 0; r < 20; r++) lines.push(`${r},${100 + r},${1000 + r}`);
  return parseTable('ramp.csv', lines.join('\n'));
}

const SERIES = SeriesSpec.parse({ target: ['a'], features: ['b', { column: 'k', knownInAdvance: true }], scaler: 'none', split: { val: 4, test: 4 } });

async function prepared(topology: Topology, horizon: number, lookback = 3, table?: Table): Promise<PreparedSeries> {
  return prepareSeries(table ?? (await ramp()), SERIES, { lookback, horizon, stride: 1 }, topology);
}

const steps = (batch: WindowBatch, i: number): number[][] => {
  const [, lookback, width] = batch.xShape;
  return Array.from({ length: lookback }, (_, s) => Array.from(batch.x.subarray((i * lookback + s) * width, (i * lookback + s + 1) * width)));
};

describe('known-in-advance features in windows', () => {
  it('the config form { column, knownInAdvance } becomes a feature name plus the known-in-advance list', () => {
    expect(SERIES.features).toEqual(['b', 'k']);
    expect(SERIES.knownInAdvance).toEqual(['k']);
  });

  it('leadColumn moves row r + lead to row r and leaves the rows past the data empty', () => {
    expect(Array.from(leadColumn(Float64Array.from([1, 2, 3, 4]), 2))).toEqual([3, 4, Number.NaN, Number.NaN]);
  });

  it.each([
    ['many-to-one', 1],
    ['many-to-one', 3],
    ['encoder-decoder', 2],
    ['one-to-many', 2],
  ] as const)('%s horizon %i: the last step carries the feature at t + h; targets stop at t', async (topology, horizon) => {
    const p = await prepared(topology, horizon);
    expect(p.knownColumns).toEqual([2]);
    for (const segment of ['train', 'val', 'test'] as const) {
      const batch = p.windows(segment);
      for (let i = 0; i < batch.count; i++) {
        const t = batch.endRows[i];
        const x = steps(batch, i);
        // The target column never reaches past the window's last row…
        expect(Math.max(...x.map((row) => row[0]))).toBe(t);
        expect(x[x.length - 1][1]).toBe(100 + t);
        // …while the known column's last step is the last forecast row, t + H.
        expect(x[x.length - 1][2]).toBe(1000 + t + horizon);
        // Every forecast row's value of k is somewhere in the window (lookback ≥ horizon here).
        for (let h = 1; h <= horizon; h++) expect(x.some((row) => row[2] === 1000 + t + h)).toBe(true);
      }
    }
  });

  it('many-to-many: each step carries the known feature of the rows it forecasts, and no target of them', async () => {
    const p = await prepared('many-to-many', 2);
    const batch = p.windows('train');
    const x = steps(batch, 0);
    const start = batch.endRows[0] - 2;
    x.forEach((row, s) => {
      expect(row[0]).toBe(start + s);
      expect(row[2]).toBe(1000 + start + s + 2);
    });
  });

  it('changing a forecast row’s target changes no input, changing its known feature does', async () => {
    const base = await ramp();
    const edited = async (column: 'a' | 'k'): Promise<Table> => {
      const lines = ['a,b,k'];
      for (let r = 0; r < 20; r++) lines.push(`${column === 'a' && r === 17 ? 500 : r},${100 + r},${column === 'k' && r === 17 ? 5000 : 1000 + r}`);
      return parseTable('ramp.csv', lines.join('\n'));
    };
    const window = async (table: Table): Promise<number[]> => Array.from((await prepared('many-to-one', 1, 3, table)).windowEndingAt(16));
    expect(await window(await edited('a'))).toEqual(await window(base));
    expect(await window(await edited('k'))).not.toEqual(await window(base));
  });

  it('windowEndingAt refuses a window whose forecast rows are past the data', async () => {
    const p = await prepared('many-to-one', 2);
    expect(Array.from(p.windowEndingAt(17)).slice(-3)).toEqual([17, 117, 1019]);
    expect(() => p.windowEndingAt(18)).toThrow(/needs known-in-advance values for rows up to 21, past the data's last row \(row 20\b/);
  });

  it('scaleWindow reads the known column at the forecast rows: given, else the data, else held', async () => {
    const p = await prepared('many-to-one', 2);
    const rows = [15, 16, 17].map((r) => [r, 100 + r, 1000 + r]);
    expect(Array.from(p.scaleWindow(rows, 17))).toEqual(Array.from(p.windowEndingAt(17)));
    const given = [[Number.NaN, Number.NaN, 7], [Number.NaN, Number.NaN, 8]];
    expect(Array.from(p.scaleWindow(rows, 17, given)).filter((_, i) => i % 3 === 2)).toEqual([1017, 7, 8]);
    // Past the data with nothing given: held at the window's last value.
    const late = [17, 18, 19].map((r) => [r, 100 + r, 1000 + r]);
    expect(Array.from(p.scaleWindow(late, 19)).filter((_, i) => i % 3 === 2)).toEqual([1019, 1019, 1019]);
  });

  it('the preprocessing record keeps the list, and a saved model reads new data the same way', async () => {
    const p = await prepared('many-to-one', 1);
    expect(p.preprocessing.knownInAdvance).toEqual(['k']);
    const again = preparedFromRecord(p.preprocessing, await ramp());
    expect(Array.from(again.windowEndingAt(10))).toEqual(Array.from(p.windowEndingAt(10)));
    // A record from before known-in-advance inputs reads every column at its own row.
    const old = preparedFromRecord({ ...p.preprocessing, knownInAdvance: undefined }, await ramp());
    expect(Array.from(old.windowEndingAt(10))).toEqual([8, 108, 1008, 9, 109, 1009, 10, 110, 1010]);
  });

  it('calendar columns are read at the forecast rows too', async () => {
    const lines = ['date,v'];
    for (let d = 0; d < 40; d++) lines.push(`${new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10)},${d % 7}`);
    const table = await parseTable('daily.csv', lines.join('\n'));
    const p = prepareSeries(table, SeriesSpec.parse({ target: ['v'], calendar: ['dayOfWeek'], scaler: 'none', split: { val: 5, test: 5 } }), { lookback: 2, horizon: 1, stride: 1 }, 'many-to-one');
    expect(p.preprocessing.knownInAdvance).toEqual(['dayOfWeek:sin', 'dayOfWeek:cos']);
    const x = p.windowEndingAt(10);
    // 2024-01-12 (row 11) is a Friday: day 5 of the week.
    expect(x[4]).toBeCloseTo(Math.sin((2 * Math.PI * 5) / 7), 6);
  });

  it('refuses a known-in-advance column that is not a feature, saying how to fix it', async () => {
    const table = await ramp();
    const spec = SeriesSpec.parse({ target: ['a'], features: ['b'], knownInAdvance: ['k'], scaler: 'none', split: { val: 4, test: 4 } });
    const err = (() => {
      try {
        prepareSeries(table, spec, { lookback: 3, horizon: 1, stride: 1 }, 'many-to-one');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DataError);
    expect(String((err as Error).message)).toMatch(/column 'k': column 'k' is marked known in advance but is not one of the features\. Add it to the features, or unmark it/);
  });
});
