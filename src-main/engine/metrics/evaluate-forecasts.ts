/**
 * Scores a set of window forecasts against the actual values and against the two baselines on
 * exactly the same (window, step, target) points, in original units. Pure: the predictions come in
 * as numbers, so this never touches tfjs.
 */
import { seasonalNaiveForecast, naiveForecast } from './baselines';
import { maseScale } from './mase-scale';
import { computeMetricsReport, type MetricsReport } from './point-metrics';

export interface ForecastSet {
  /** Last input row of each window; step h (1-based) forecasts row endRow + h. */
  endRows: ArrayLike<number>;
  /** [window][h][target], original units. */
  predicted: number[][][];
}

export interface EvaluationInput {
  /** Per target column, the whole series in original units (after missing-value repair). */
  targetSeries: ArrayLike<number>[];
  /** Rows [0, trainEnd) are the training segment: MASE's scale comes from them only. */
  trainEnd: number;
  season: number;
}

export interface PointTable {
  /** Row of each point (window order, then step order). */
  rows: number[];
  /** [point][target] */
  actual: number[][];
  predicted: number[][];
  naive: number[][];
  seasonalNaive: number[][];
}

export interface Evaluation {
  model: MetricsReport;
  naive: MetricsReport;
  seasonalNaive: MetricsReport;
  points: PointTable;
  /** MASE scale per target. */
  scales: number[];
  notes: string[];
}

/** Flattens forecasts and baselines into one row per (window, step). */
export function forecastPoints(input: EvaluationInput, set: ForecastSet): PointTable {
  const table: PointTable = { rows: [], actual: [], predicted: [], naive: [], seasonalNaive: [] };
  const targets = input.targetSeries.length;
  for (let w = 0; w < set.predicted.length; w++) {
    const endRow = set.endRows[w];
    const horizon = set.predicted[w].length;
    const naive = input.targetSeries.map((s) => naiveForecast(s, endRow, horizon));
    const seasonal = input.targetSeries.map((s) => seasonalNaiveForecast(s, endRow, horizon, input.season));
    for (let h = 0; h < horizon; h++) {
      const row = endRow + 1 + h;
      table.rows.push(row);
      const actual: number[] = [];
      for (let t = 0; t < targets; t++) {
        const series = input.targetSeries[t];
        if (row >= series.length) throw new Error(`forecast row ${row} is past the end of the data (${series.length} rows)`);
        actual.push(series[row]);
      }
      table.actual.push(actual);
      table.predicted.push(set.predicted[w][h].slice(0, targets));
      table.naive.push(naive.map((n) => n[h]));
      table.seasonalNaive.push(seasonal.map((s) => s[h]));
    }
  }
  return table;
}

/** Model and both baselines scored over all (window, step, target) points. */
export function evaluateForecasts(input: EvaluationInput, set: ForecastSet): Evaluation {
  const points = forecastPoints(input, set);
  const targets = input.targetSeries.length;
  const scaleInfo = input.targetSeries.map((s) => maseScale(s, input.trainEnd, input.season));
  const scales = scaleInfo.map((s) => s.scale);
  const flatten = (m: number[][]): number[] => m.flat();
  const actual = flatten(points.actual);
  // Points are laid out [point][target]; flattened index i belongs to target i % T.
  const scaleOf = (i: number): number => scales[i % targets];
  const model = computeMetricsReport(actual, flatten(points.predicted), scaleOf);
  const naive = computeMetricsReport(actual, flatten(points.naive), scaleOf);
  const seasonalNaive = computeMetricsReport(actual, flatten(points.seasonalNaive), scaleOf);
  const notes = [...new Set([...scaleInfo.flatMap((s) => (s.note ? [s.note] : [])), ...model.notes])];
  return { model, naive, seasonalNaive, points, scales, notes };
}
