import type { Topology } from '../spec';

/**
 * Window i's forecast [h][target] from values laid out like the model output and WindowBatch.y:
 * [n, horizon, T], or for many-to-many [n, lookback, horizon·T] where every input step predicts the
 * next `horizon` values — the forecast is then the last step's, the only one that looks past the window.
 */
export function forecastOfWindow(values: ArrayLike<number>, shape: readonly number[], i: number, topology: Topology, horizon: number, targets: number): number[][] {
  const perWindow = shape.slice(1).reduce((a, b) => a * b, 1);
  const base = topology === 'many-to-many' ? (i + 1) * perWindow - horizon * targets : i * perWindow;
  const out: number[][] = [];
  for (let h = 0; h < horizon; h++) {
    const row: number[] = [];
    for (let t = 0; t < targets; t++) row.push(values[base + h * targets + t]);
    out.push(row);
  }
  return out;
}
