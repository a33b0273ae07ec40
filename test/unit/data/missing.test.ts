import { describe, expect, it } from 'vitest';
import { parseTable, prepareSeries } from '../../../src-main/engine/data';
import { dropMissing, forwardFill, interpolate, repairMissing } from '../../../src-main/engine/data/missing';

const N = Number.NaN;
const arr = (values: number[]): Float64Array => Float64Array.from(values);

describe('missing-value policies', () => {
  it('drop removes every row with a gap in any column and remembers which rows stayed', () => {
    const { columns, kept } = dropMissing([arr([1, N, 3, 4]), arr([5, 6, N, 8])]);
    expect(Array.from(kept)).toEqual([0, 3]);
    expect(columns.map((c) => Array.from(c))).toEqual([[1, 4], [5, 8]]);
  });

  it('forward-fill carries the last value; a leading gap takes the first value', () => {
    expect(Array.from(forwardFill(arr([N, 2, N, N, 5, N])))).toEqual([2, 2, 2, 2, 5, 5]);
  });

  it('interpolate draws a straight line across inner gaps and holds the edges', () => {
    expect(Array.from(interpolate(arr([N, 1, N, N, 4, N, 8, N])))).toEqual([1, 1, 2, 3, 4, 6, 8, 8]);
  });

  it('fill policies keep every row', () => {
    expect(Array.from(repairMissing([arr([1, N, 3])], 'ffill').kept)).toEqual([0, 1, 2]);
    expect(Array.from(repairMissing([arr([1, N, 3])], 'interpolate').columns[0])).toEqual([1, 2, 3]);
  });

  it('leaves an all-missing column missing (for prepareSeries to refuse)', () => {
    expect(Array.from(interpolate(arr([N, N])))).toEqual([N, N]);
    expect(Array.from(forwardFill(arr([N, N])))).toEqual([N, N]);
  });

  it('applies the dataset policy in prepareSeries, dropping rows from x as well', async () => {
    const lines = ['t,v'];
    for (let i = 0; i < 40; i++) lines.push(`${i},${i === 10 || i === 11 ? '' : i * 2}`);
    const table = await parseTable('gaps.csv', lines.join('\n'));
    const base = { target: ['v'], features: [], transforms: [], scaler: 'none' as const, split: { val: 5, test: 5 } };
    const window = { lookback: 3, horizon: 1, stride: 1 };
    const interpolated = prepareSeries(table, { ...base, missing: 'interpolate' }, window, 'many-to-one');
    expect(interpolated.rowCount).toBe(40);
    expect(interpolated.original[0][10]).toBe(20);
    expect(interpolated.original[0][11]).toBe(22);
    const filled = prepareSeries(table, { ...base, missing: 'ffill' }, window, 'many-to-one');
    expect(filled.original[0][11]).toBe(18);
    const dropped = prepareSeries(table, { ...base, missing: 'drop' }, window, 'many-to-one');
    expect(dropped.rowCount).toBe(38);
    expect(dropped.x.slice(9, 11)).toEqual([9, 12]);
    expect(Array.from(dropped.tableRows.slice(9, 11))).toEqual([9, 12]);
  });
});
