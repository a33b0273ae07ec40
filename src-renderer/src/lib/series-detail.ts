import type { SeriesData } from '@common/contract';

/**
 * A zoomed chart of a long series: the overview (the whole series, downsampled by the backend) with
 * the zoomed rows replaced by their own, finer downsampling. One series ordered by row, spanning the
 * same x range as the overview, so the zoom's percentages keep pointing at the same place.
 */
export function mergeDetail(overview: SeriesData, detail: SeriesData | null): SeriesData {
  if (!detail || detail.index.length === 0) return overview;
  const first = detail.index[0];
  const last = detail.index[detail.index.length - 1];
  const before: number[] = [];
  const after: number[] = [];
  overview.index.forEach((row, i) => {
    if (row < first) before.push(i);
    else if (row > last) after.push(i);
  });
  const pick = <T>(from: readonly T[], detailValues: readonly T[]): T[] => [...before.map((i) => from[i]), ...detailValues, ...after.map((i) => from[i])];
  const columns: SeriesData['columns'] = {};
  for (const name of Object.keys(overview.columns)) columns[name] = pick(overview.columns[name], detail.columns[name] ?? detail.index.map(() => null));
  return { x: pick(overview.x, detail.x), index: pick(overview.index, detail.index), columns, totalRows: overview.totalRows };
}

const xNumber = (x: string | number): number => (typeof x === 'string' ? Date.parse(x) : x);

/**
 * The rows a zoom of `startPercent` … `endPercent` of the overview's x range shows, with one overview
 * point of margin each side; null when the whole series is in view.
 */
export function rowRangeOfZoom(overview: SeriesData, startPercent: number, endPercent: number): { fromRow: number; toRow: number } | null {
  const n = overview.x.length;
  if (n < 2 || (startPercent <= 0 && endPercent >= 100)) return null;
  const xMin = xNumber(overview.x[0]);
  const xMax = xNumber(overview.x[n - 1]);
  const lo = xMin + (Math.max(0, startPercent) / 100) * (xMax - xMin);
  const hi = xMin + (Math.min(100, endPercent) / 100) * (xMax - xMin);
  let i = 0;
  while (i < n - 1 && xNumber(overview.x[i]) < lo) i++;
  let j = n - 1;
  while (j > 0 && xNumber(overview.x[j]) > hi) j--;
  const fromRow = overview.index[Math.max(0, i - 1)];
  const toRow = overview.index[Math.min(n - 1, Math.max(i, j) + 1)] + 1;
  return toRow > fromRow ? { fromRow, toRow } : null;
}
