/**
 * The baselines' validation loss in the model's own space (transformed and scaled, mean squared
 * error), so the loss chart can draw them as reference lines next to the training curves.
 *
 * Each baseline forecast is made in original units and then pushed through the same preprocessing
 * as real data (PreparedSeries.scaleWindow), so transforms such as log or differencing are
 * accounted for exactly. For many-to-many models the comparison uses the last input step's
 * forecast (what evaluation uses), not every position.
 */
import type { PreparedSeries, WindowBatch } from '../data';
import { naiveForecast, seasonalNaiveForecast } from './baselines';
import { forecastOfWindow } from './output-layout';

export interface BaselineLosses {
  naive: number;
  seasonalNaive: number;
}

/**
 * A forecast in original units (rows endRow+1 … endRow+H, [h][target]) expressed in model space:
 * the series with the forecast spliced in after endRow is windowed and scaled like real data, in
 * chunks of at most `lookback` rows.
 */
export function forecastInModelSpace(prepared: PreparedSeries, endRow: number, forecast: number[][]): number[][] {
  const { lookback } = prepared.window;
  const span = lookback + prepared.warmupRows;
  const columns = prepared.inputColumns.length;
  const targets = prepared.targets.length;
  const valueAt = (row: number, column: number): number => {
    if (row <= endRow || column >= targets) return prepared.original[column][row];
    return forecast[row - endRow - 1][column];
  };
  const out: number[][] = [];
  for (let done = 0; done < forecast.length; ) {
    const chunk = Math.min(lookback, forecast.length - done);
    const last = endRow + done + chunk;
    const first = last - span + 1;
    if (first < 0) throw new Error(`row ${endRow} has too little history (${span} rows needed) to express a baseline in model space`);
    const rows: number[][] = [];
    for (let row = first; row <= last; row++) rows.push(Array.from({ length: columns }, (_, c) => valueAt(row, c)));
    const scaled = prepared.scaleWindow(rows, last);
    const steps = scaled.length / columns;
    for (let s = steps - chunk; s < steps; s++) out.push(Array.from({ length: targets }, (_, t) => scaled[s * columns + t]));
    done += chunk;
  }
  return out;
}

/** Mean squared error, in model space, of naive and seasonal naive over a batch's windows. */
export function baselineLosses(prepared: PreparedSeries, batch: WindowBatch, season: number): BaselineLosses {
  const horizon = prepared.window.horizon;
  const targets = prepared.targets.length;
  const series = prepared.original.slice(0, targets);
  let naiveSum = 0;
  let seasonalSum = 0;
  let count = 0;
  for (let i = 0; i < batch.count; i++) {
    const endRow = batch.endRows[i];
    const target = forecastOfWindow(batch.y, batch.yShape, i, prepared.topology, horizon, targets);
    const naive = forecastInModelSpace(prepared, endRow, transpose(series.map((s) => naiveForecast(s, endRow, horizon))));
    const seasonal = forecastInModelSpace(prepared, endRow, transpose(series.map((s) => seasonalNaiveForecast(s, endRow, horizon, season))));
    for (let h = 0; h < horizon; h++) {
      for (let t = 0; t < targets; t++) {
        naiveSum += (naive[h][t] - target[h][t]) ** 2;
        seasonalSum += (seasonal[h][t] - target[h][t]) ** 2;
        count++;
      }
    }
  }
  if (count === 0) return { naive: 0, seasonalNaive: 0 };
  return { naive: naiveSum / count, seasonalNaive: seasonalSum / count };
}

/** [target][h] → [h][target] */
function transpose(byTarget: number[][]): number[][] {
  const horizon = byTarget[0]?.length ?? 0;
  return Array.from({ length: horizon }, (_, h) => byTarget.map((row) => row[h]));
}
