import type { MissingPolicy } from '../spec';

export interface Repaired {
  /** The columns with gaps filled, or with gap rows removed. */
  columns: Float64Array[];
  /** Index (in the input) of each row kept. */
  kept: Int32Array;
}

const isMissing = (v: number): boolean => Number.isNaN(v);

/** Removes every row where any column is missing. */
export function dropMissing(columns: Float64Array[]): Repaired {
  const length = columns[0]?.length ?? 0;
  const kept: number[] = [];
  for (let r = 0; r < length; r++) if (columns.every((col) => !isMissing(col[r]))) kept.push(r);
  return { columns: columns.map((col) => Float64Array.from(kept, (r) => col[r])), kept: Int32Array.from(kept) };
}

/** Carries the last value forward; leading gaps take the first value (there is nothing earlier to carry). */
export function forwardFill(values: Float64Array): Float64Array {
  const out = Float64Array.from(values);
  const first = out.findIndex((v) => !isMissing(v));
  if (first < 0) return out;
  for (let r = 0; r < first; r++) out[r] = out[first];
  for (let r = first + 1; r < out.length; r++) if (isMissing(out[r])) out[r] = out[r - 1];
  return out;
}

/** Straight line between the neighbours of each gap (by row position); edge gaps take the nearest value. */
export function interpolate(values: Float64Array): Float64Array {
  const out = Float64Array.from(values);
  let previous = -1;
  for (let r = 0; r <= out.length; r++) {
    if (r < out.length && isMissing(out[r])) continue;
    const gapStart = previous + 1;
    if (r > gapStart) {
      for (let g = gapStart; g < r; g++) {
        if (previous < 0 && r < out.length) out[g] = out[r];
        else if (r >= out.length && previous >= 0) out[g] = out[previous];
        else if (previous >= 0) out[g] = out[previous] + ((out[r] - out[previous]) * (g - previous)) / (r - previous);
      }
    }
    previous = r;
  }
  return out;
}

export function repairMissing(columns: Float64Array[], policy: MissingPolicy): Repaired {
  if (policy === 'drop') return dropMissing(columns);
  const length = columns[0]?.length ?? 0;
  const kept = Int32Array.from({ length }, (_, r) => r);
  const fill = policy === 'ffill' ? forwardFill : interpolate;
  return { columns: columns.map(fill), kept };
}
