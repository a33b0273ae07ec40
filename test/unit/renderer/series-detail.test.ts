import { describe, expect, it } from 'vitest';
import type { SeriesData } from '../../../src-main/common/contract';
import { mergeDetail, rowRangeOfZoom } from '../../../src-renderer/src/lib/series-detail';
import { zScores } from '../../../src-renderer/src/lib/normalise';

/** An overview of 1,000 rows drawn as every 100th row, x = row number. */
const overview: SeriesData = {
  x: [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 999],
  index: [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 999],
  columns: { y: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
  totalRows: 1000,
};

describe('zoomed series', () => {
  it('maps a zoom to its rows with one overview point of margin, and the whole range to none', () => {
    expect(rowRangeOfZoom(overview, 0, 100)).toBeNull();
    expect(rowRangeOfZoom(overview, 30, 50)).toEqual({ fromRow: 200, toRow: 501 });
    expect(rowRangeOfZoom(overview, 95, 100)).toEqual({ fromRow: 900, toRow: 1000 });
  });

  it('maps dates by time, not by point count', () => {
    const day = 86_400_000;
    const dated: SeriesData = { ...overview, x: overview.index.map((r) => new Date(Date.UTC(2024, 0, 1) + r * day).toISOString()) };
    expect(rowRangeOfZoom(dated, 30, 50)).toEqual({ fromRow: 200, toRow: 501 });
  });

  it('replaces the zoomed rows with the detail and keeps the overview elsewhere, ordered by row', () => {
    const detail: SeriesData = { x: [250, 251, 252], index: [250, 251, 252], columns: { y: [2.5, 2.51, 2.52] }, totalRows: 1000 };
    const merged = mergeDetail(overview, detail);
    expect(merged.index).toEqual([0, 100, 200, 250, 251, 252, 300, 400, 500, 600, 700, 800, 900, 999]);
    expect(merged.columns.y.slice(2, 7)).toEqual([2, 2.5, 2.51, 2.52, 3]);
    expect(merged.x[0]).toBe(0);
    expect(merged.x[merged.x.length - 1]).toBe(999);
    expect(mergeDetail(overview, null)).toBe(overview);
  });

  it('normalises a zoomed column on the whole series’ scale', () => {
    const z = zScores([5, 10], overview.columns.y);
    expect(z[0]).toBeCloseTo(0, 12);
    expect(z[1]).toBeCloseTo(5 / Math.sqrt(10), 12);
  });
});
