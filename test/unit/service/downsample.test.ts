import { describe, expect, it } from 'vitest';
import { evenIndices, m4Indices } from '../../../src-main/service/downsample';

describe('m4Indices', () => {
  it('keeps every row when the series already fits', () => {
    expect(m4Indices([new Float64Array([1, 2, 3])], 3, 10)).toEqual([0, 1, 2]);
  });

  it('stays within maxPoints and keeps every column’s global extremes, first and last rows', () => {
    const n = 10_000;
    const a = new Float64Array(n).map((_, i) => Math.sin(i / 37) + (i === 4321 ? 50 : 0) - (i === 7777 ? 40 : 0));
    const b = new Float64Array(n).map((_, i) => Math.cos(i / 11) * (i === 123 ? 9 : 1));
    const kept = m4Indices([a, b], n, 500);
    expect(kept.length).toBeLessThanOrEqual(500);
    expect(kept).toEqual([...kept].sort((x, y) => x - y));
    expect(new Set(kept).size).toBe(kept.length);
    for (const must of [0, n - 1, 4321, 7777, 123]) expect(kept).toContain(must);
  });

  it('draws only the rows of a range when asked, keeping its own extremes and ends', () => {
    const n = 10_000;
    const a = new Float64Array(n).map((_, i) => Math.sin(i / 37) + (i === 6000 ? 30 : 0));
    expect(m4Indices([a], 5010, 100, 5000)).toEqual(Array.from({ length: 10 }, (_, i) => 5000 + i));
    const kept = m4Indices([a], 8000, 300, 4000);
    expect(kept.length).toBeLessThanOrEqual(300);
    expect(Math.min(...kept)).toBe(4000);
    expect(Math.max(...kept)).toBe(7999);
    expect(kept).toContain(6000);
  });

  it('skips NaN when looking for extremes', () => {
    const values = new Float64Array(100).fill(NaN);
    values[40] = 5;
    values[60] = -5;
    const kept = m4Indices([values], 100, 10);
    expect(kept).toContain(40);
    expect(kept).toContain(60);
  });
});

describe('evenIndices', () => {
  it('spreads picks and keeps both ends', () => {
    expect(evenIndices(11, 3)).toEqual([0, 5, 10]);
    expect(evenIndices(3, 10)).toEqual([0, 1, 2]);
  });
});
