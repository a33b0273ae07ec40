import type { ColumnStats } from '../spec';
import { isMissingCell } from './numbers';

/** Count, min, max, mean and sample standard deviation of the finite values. */
export function numericStats(values: ArrayLike<number>): Pick<ColumnStats, 'count' | 'min' | 'max' | 'mean' | 'std'> {
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (count === 0) return { count: 0, min: null, max: null, mean: null, std: null };
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) squares += (v - mean) * (v - mean);
  }
  const std = count > 1 ? Math.sqrt(squares / (count - 1)) : 0;
  return { count, min, max, mean, std };
}

export function distinctCount(cells: string[]): number {
  const seen = new Set<string>();
  for (const cell of cells) if (!isMissingCell(cell)) seen.add(cell.trim());
  return seen.size;
}

/** Distinct finite values, by sorting a copy (far cheaper than hashing every cell's text). */
export function distinctValues(values: ArrayLike<number>): number {
  const finite = Float64Array.from(values).filter((v) => Number.isFinite(v)).sort();
  let count = 0;
  for (let i = 0; i < finite.length; i++) if (i === 0 || finite[i] !== finite[i - 1]) count++;
  return count;
}

/** Stats of a numeric or date column from its parsed values (NaN = missing or unreadable). */
export function valueColumnStats(values: ArrayLike<number>, withMoments: boolean): ColumnStats {
  const stats = numericStats(values);
  return {
    ...stats,
    mean: withMoments ? stats.mean : null,
    std: withMoments ? stats.std : null,
    missing: values.length - stats.count,
    distinct: distinctValues(values),
  };
}

export function textColumnStats(cells: string[]): ColumnStats {
  const present = cells.filter((cell) => !isMissingCell(cell)).length;
  return { count: present, missing: cells.length - present, min: null, max: null, mean: null, std: null, distinct: distinctCount(cells) };
}
