import { describe, expect, it } from 'vitest';
import { DataError, parseTable, prepareSeries } from '../../../src-main/engine/data';
import type { SeriesSpec, WindowSpec } from '../../../src-main/engine/spec';

const base: SeriesSpec = { target: ['v'], features: [], missing: 'interpolate', transforms: [], scaler: 'standard', split: { val: 0.15, test: 0.15 } };
const window: WindowSpec = { lookback: 3, horizon: 1, stride: 1 };

async function csv(header: string, rows: (r: number) => string, count = 30): Promise<Awaited<ReturnType<typeof parseTable>>> {
  return parseTable('sales.csv', [header, ...Array.from({ length: count }, (_, r) => rows(r))].join('\n'));
}

function caught(run: () => unknown): DataError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError');
}

describe('prepareSeries refuses what the user must fix', () => {
  it('unknown column: names it and lists the available ones', async () => {
    const table = await csv('date,v', (r) => `2024-01-${String(r + 1).padStart(2, '0')},${r}`);
    const error = caught(() => prepareSeries(table, { ...base, target: ['units'] }, window, 'many-to-one'));
    expect(error.code).toBe('unknown-column');
    expect(error.column).toBe('units');
    expect(error.message).toBe("sales.csv, column 'units': there is no column 'units'. Available columns: 'date', 'v'.");
    expect(caught(() => prepareSeries(table, { ...base, features: ['price'] }, window, 'many-to-one')).code).toBe('unknown-column');
  });

  it('too short: says how many rows this lookback, horizon and split need', async () => {
    const table = await csv('v', (r) => String(r * r), 10);
    const error = caught(() => prepareSeries(table, base, { lookback: 8, horizon: 1, stride: 1 }, 'many-to-one'));
    expect(error.code).toBe('too-short');
    expect(error.message).toContain('the series has 10 usable rows, but lookback 8 + horizon 1 with validation 15% and test 15% needs at least 11 rows');
    expect(error.hint).toMatch(/Shorten the lookback/);
    const differenced = caught(() => prepareSeries(table, { ...base, transforms: [{ kind: 'seasonalDiff', period: 4 }] }, { lookback: 3, horizon: 2, stride: 1 }, 'many-to-one'));
    expect(differenced.message).toContain('lookback 3 + horizon 2 + 4 row(s) for differencing');
    expect(differenced.message).toContain('needs at least 13 rows');
  });

  it('constant column: the scaler would divide by zero', async () => {
    const table = await csv('v,flat,trend', (r) => `${Math.sin(r)},5,${2 * r + 1}`);
    const error = caught(() => prepareSeries(table, { ...base, features: ['flat'] }, window, 'many-to-one'));
    expect(error.code).toBe('constant-column');
    expect(error.column).toBe('flat');
    expect(error.message).toContain('constant (5) on the training rows, so standard scaling would divide by zero');
    const afterDiff = caught(() => prepareSeries(table, { ...base, target: ['trend'], transforms: [{ kind: 'diff' }] }, window, 'many-to-one'));
    expect(afterDiff.message).toContain('constant (2) on the training rows after its transforms');
    // Without scaling a constant feature is allowed.
    expect(() => prepareSeries(table, { ...base, features: ['flat'], scaler: 'none' }, window, 'many-to-one')).not.toThrow();
  });

  it('NaN/Inf left after the missing-value policy: points at the data row and its file line', async () => {
    const table = await csv('v', (r) => (r === 6 ? 'inf' : String(r)));
    const error = caught(() => prepareSeries(table, base, window, 'many-to-one'));
    expect(error.code).toBe('non-finite');
    expect(error).toMatchObject({ row: 7, line: 8, column: 'v' });
    expect(error.message).toBe("sales.csv, row 7 (file line 8), column 'v': the value Infinity is left after the 'interpolate' missing-value policy. Replace it with a number or an empty cell.");
  });

  it('log or Box-Cox of values at or below zero', async () => {
    const table = await csv('v', (r) => String(r === 4 ? 0 : r + 1));
    const log = caught(() => prepareSeries(table, { ...base, transforms: [{ kind: 'log' }] }, window, 'many-to-one'));
    expect(log.code).toBe('non-positive');
    expect(log).toMatchObject({ row: 5, line: 6, column: 'v' });
    expect(log.message).toContain('log needs values above 0, found 0');
    const boxcox = caught(() => prepareSeries(table, { ...base, transforms: [{ kind: 'boxcox' }] }, window, 'many-to-one'));
    expect(boxcox.message).toContain('Box-Cox needs values above 0');
    const positive = await csv('v', (r) => String(r + 1));
    const afterDiff = caught(() => prepareSeries(positive, { ...base, transforms: [{ kind: 'diff' }, { kind: 'diff' }, { kind: 'log' }] }, window, 'many-to-one'));
    expect(afterDiff.message).toContain('found 0 after differencing');
  });

  it('non-numeric target or feature', async () => {
    const table = await csv('v,store,day', (r) => `${r},${r % 2 ? 'north' : 'south'},2024-02-${String(r + 1).padStart(2, '0')}`, 28);
    const error = caught(() => prepareSeries(table, { ...base, target: ['store'] }, window, 'many-to-one'));
    expect(error.code).toBe('non-numeric');
    expect(error.message).toBe("sales.csv, column 'store': it holds text, but a target must be numeric. Numeric columns: 'v'.");
    expect(caught(() => prepareSeries(table, { ...base, features: ['day'] }, window, 'many-to-one')).message).toContain('holds dates, but a feature must be numeric');
  });

  it('a date column that holds no dates', async () => {
    const table = await csv('v,w', (r) => `${r},${r * 2}`);
    const error = caught(() => prepareSeries(table, { ...base, date: 'w' }, window, 'many-to-one'));
    expect(error.code).toBe('bad-date-column');
  });
});
