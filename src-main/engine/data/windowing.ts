import type { Topology } from '../spec';
import type { RowRange, WindowBatch } from './types';

export interface WindowShape {
  lookback: number;
  horizon: number;
  stride: number;
  topology: Topology;
}

/**
 * Last input row of every window whose forecast rows (endRow+1 … endRow+horizon) all lie in `range`,
 * stepping by stride from the earliest.
 */
export function windowEndRows(range: RowRange, horizon: number, stride: number): Int32Array {
  const ends: number[] = [];
  for (let first = range.start; first + horizon <= range.end; first += stride) ends.push(first - 1);
  return Int32Array.from(ends);
}

/**
 * A known-in-advance input column as the model reads it: row r holds the value of row r + lead, with
 * lead = the horizon. A window ending at row t then carries the values of its forecast rows
 * t+1 … t+H in its last H steps (for many-to-many, every step carries the rows it forecasts), while
 * the target columns stop at t: the model sees the covariate at the rows it predicts, never the
 * target there. Shifting a column keeps the input a plain [lookback, F] window, so every topology,
 * cell and exporter takes it unchanged. NaN where row r + lead is past the data.
 */
export function leadColumn(values: Float64Array, lead: number): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN);
  out.set(values.subarray(lead), 0);
  return out;
}

/** Writes the [lookback, F] input window ending at endRow into x at offset. */
export function writeInput(columns: Float64Array[], endRow: number, lookback: number, x: Float32Array, offset: number): void {
  const features = columns.length;
  const start = endRow - lookback + 1;
  for (let step = 0; step < lookback; step++) {
    for (let f = 0; f < features; f++) x[offset + step * features + f] = columns[f][start + step];
  }
}

/** y rows per window: horizon for most topologies, lookback for many-to-many (a forecast at every step). */
export function yShapeFor(count: number, shape: WindowShape, targets: number): number[] {
  return shape.topology === 'many-to-many' ? [count, shape.lookback, shape.horizon * targets] : [count, shape.horizon, targets];
}

/**
 * Cuts scaled columns into windows. `columns` are the input columns (targets first); the first
 * `targets` of them are also what is forecast.
 */
export function buildWindows(columns: Float64Array[], targets: number, endRows: Int32Array, shape: WindowShape): WindowBatch {
  const { lookback, horizon } = shape;
  const features = columns.length;
  const count = endRows.length;
  const x = new Float32Array(count * lookback * features);
  const yShape = yShapeFor(count, shape, targets);
  const y = new Float32Array(yShape.reduce((a, b) => a * b, 1));
  const yPerWindow = count > 0 ? y.length / count : 0;
  for (let n = 0; n < count; n++) {
    const endRow = endRows[n];
    writeInput(columns, endRow, lookback, x, n * lookback * features);
    const base = n * yPerWindow;
    if (shape.topology === 'many-to-many') {
      const start = endRow - lookback + 1;
      for (let step = 0; step < lookback; step++) {
        for (let h = 0; h < horizon; h++) {
          for (let t = 0; t < targets; t++) y[base + step * horizon * targets + h * targets + t] = columns[t][start + step + 1 + h];
        }
      }
    } else {
      for (let h = 0; h < horizon; h++) {
        for (let t = 0; t < targets; t++) y[base + h * targets + t] = columns[t][endRow + 1 + h];
      }
    }
  }
  return { count, x, xShape: [count, lookback, features], y, yShape, endRows };
}
