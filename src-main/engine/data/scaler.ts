import type { ScalerKind } from '../spec';
import type { RowRange } from './types';
import type { ScalerParams } from './preprocessing-record';

/**
 * Fits offset/scale on the finite values of rows [range.start, range.end) only — the training rows —
 * so nothing from validation or test leaks into the inputs. scale is 0 for a constant column.
 */
export function fitScaler(column: string, values: ArrayLike<number>, range: RowRange, kind: ScalerKind): ScalerParams {
  if (kind === 'none') return { column, kind, offset: 0, scale: 1 };
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let r = range.start; r < range.end; r++) {
    const v = values[r];
    if (!Number.isFinite(v)) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (count === 0) return { column, kind, offset: 0, scale: 0 };
  if (kind === 'minmax') return { column, kind, offset: min, scale: max - min };
  const mean = sum / count;
  let squares = 0;
  for (let r = range.start; r < range.end; r++) {
    const v = values[r];
    if (Number.isFinite(v)) squares += (v - mean) * (v - mean);
  }
  // Population standard deviation: the scale that gives the training rows unit variance.
  return { column, kind, offset: mean, scale: Math.sqrt(squares / count) };
}

export const scaleValue = (value: number, p: ScalerParams): number => (value - p.offset) / p.scale;
export const unscaleValue = (value: number, p: ScalerParams): number => value * p.scale + p.offset;

export function scaleSeries(values: ArrayLike<number>, p: ScalerParams): Float64Array {
  return Float64Array.from(values, (v) => scaleValue(v, p));
}
