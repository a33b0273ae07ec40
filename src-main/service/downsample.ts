/**
 * M4-style downsampling for charts: split the rows into equal buckets and keep, per bucket, the
 * first and last row plus the rows holding each column's minimum and maximum. Peaks and troughs
 * survive (a plain stride would drop them), and a line drawn through the kept points looks like the
 * full series at chart resolution.
 */

/**
 * Row indices (ascending, at most maxPoints) to draw rows `from` … `rowCount - 1` of `columns` (all
 * rows by default; a zoomed chart asks for its range). NaN is skipped.
 */
export function m4Indices(columns: readonly ArrayLike<number>[], rowCount: number, maxPoints: number, from = 0): number[] {
  const rows = rowCount - from;
  if (rows <= maxPoints) return Array.from({ length: Math.max(0, rows) }, (_, i) => from + i);
  const perBucket = 2 + 2 * Math.max(1, columns.length);
  const buckets = Math.max(1, Math.floor(maxPoints / perBucket));
  const kept = new Set<number>();
  for (let b = 0; b < buckets; b++) {
    const start = from + Math.floor((b * rows) / buckets);
    const end = from + Math.floor(((b + 1) * rows) / buckets);
    if (end <= start) continue;
    kept.add(start);
    kept.add(end - 1);
    for (const column of columns) {
      const extremes = extremesIn(column, start, end);
      if (extremes) {
        kept.add(extremes.minAt);
        kept.add(extremes.maxAt);
      }
    }
  }
  return [...kept].sort((a, b) => a - b);
}

function extremesIn(values: ArrayLike<number>, start: number, end: number): { minAt: number; maxAt: number } | undefined {
  let minAt = -1;
  let maxAt = -1;
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (minAt < 0 || v < values[minAt]) minAt = i;
    if (maxAt < 0 || v > values[maxAt]) maxAt = i;
  }
  return minAt < 0 ? undefined : { minAt, maxAt };
}

/** Evenly spaced picks of `count` items out of `total`, always keeping the first and last. */
export function evenIndices(total: number, count: number): number[] {
  if (total <= count) return Array.from({ length: total }, (_, i) => i);
  if (count <= 1) return [total - 1];
  const picks = new Set<number>();
  for (let i = 0; i < count; i++) picks.add(Math.round((i * (total - 1)) / (count - 1)));
  return [...picks].sort((a, b) => a - b);
}
