/** Test data made in plain TypeScript: windows over a noisy sine, shaped for each topology. */
import type { Topology } from '../../../src-main/engine/spec';
import type { TrainingBatch } from '../../../src-main/engine/train';
import { createRng } from '../../../src-main/engine/model';

export interface SineOptions {
  points: number;
  lookback: number;
  horizon: number;
  topology: Topology;
  noise?: number;
  period?: number;
  seed?: number;
}

/** A standardised noisy sine (mean 0, std ≈ 1), so losses read as MSE in scaled space. */
export function noisySine(points: number, period: number, noise: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const series = new Float32Array(points);
  for (let t = 0; t < points; t++) series[t] = Math.SQRT2 * Math.sin((2 * Math.PI * t) / period) + noise * rng.normal();
  return series;
}

/** Windows over series[from, to): one feature, one target. */
export function windowsOf(series: Float32Array, from: number, to: number, lookback: number, horizon: number, topology: Topology): TrainingBatch {
  const starts: number[] = [];
  for (let s = from; s + lookback + horizon <= to; s++) starts.push(s);
  const count = starts.length;
  const x = new Float32Array(count * lookback);
  const perWindowY = topology === 'many-to-many' ? lookback * horizon : horizon;
  const y = new Float32Array(count * perWindowY);
  starts.forEach((s, n) => {
    for (let i = 0; i < lookback; i++) x[n * lookback + i] = series[s + i];
    if (topology === 'many-to-many') {
      for (let i = 0; i < lookback; i++) for (let k = 0; k < horizon; k++) y[n * perWindowY + i * horizon + k] = series[s + i + 1 + k];
    } else {
      for (let k = 0; k < horizon; k++) y[n * perWindowY + k] = series[s + lookback + k];
    }
  });
  return {
    count,
    x,
    xShape: [count, lookback, 1],
    y,
    yShape: topology === 'many-to-many' ? [count, lookback, horizon] : [count, horizon, 1],
  };
}

export function sineSplits(options: SineOptions): { train: TrainingBatch; val: TrainingBatch } {
  const series = noisySine(options.points, options.period ?? 16, options.noise ?? 0.05, options.seed ?? 5);
  const cut = Math.floor(options.points * 0.75);
  return {
    train: windowsOf(series, 0, cut, options.lookback, options.horizon, options.topology),
    val: windowsOf(series, cut - options.lookback, options.points, options.lookback, options.horizon, options.topology),
  };
}
