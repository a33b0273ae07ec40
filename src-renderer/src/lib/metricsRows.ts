import type { Metrics } from '@engine-spec/run';

export interface MetricsRow {
  model: string;
  mae: number;
  rmse: number;
  mape: number;
  smape: number;
  mase: number;
  /** 1 − MASE / this row's MASE, i.e. how much better the model is than this row; null for the model itself. */
  skill: number | null;
}

/**
 * Rows of the model-vs-baselines table. Skill on a baseline row is the model's skill against that
 * baseline: 1 − model MASE / baseline MASE (positive: the model wins).
 */
export function metricsRows(m: { model: Metrics; naive: Metrics; seasonalNaive: Metrics }): MetricsRow[] {
  const skill = (baseline: Metrics): number | null =>
    baseline.mase > 0 && Number.isFinite(baseline.mase) ? 1 - m.model.mase / baseline.mase : null;
  return [
    { model: 'Model', ...m.model, skill: null },
    { model: 'Naive (last value)', ...m.naive, skill: skill(m.naive) },
    { model: 'Seasonal naive', ...m.seasonalNaive, skill: skill(m.seasonalNaive) },
  ];
}
