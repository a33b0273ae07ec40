/** predict.* — a trained run's forecast of a split, a rollout, and a prediction from an edited window. */
import { backtest } from '../engine/backtest';
import { forecastAhead } from '../engine/forecast-ahead';
import { backtestCsv, forecastCsv } from '../engine/forecast-csv';
import { parseTable } from '../engine/data';
import { futureFeaturesFromTable } from '../engine/future-features';
import { forecastSplit, predictFromWindow, rollout, rolloutFromRow, seasonOf } from '../engine/predict';
import type { ServiceContext } from './context';
import type { Handlers } from './handler-table';
import { asBadInput, withRunModel } from './run-model';

type PredictMethods = 'predict.forecast' | 'predict.rollout' | 'predict.fromWindow' | 'predict.ahead' | 'predict.backtest';

/** JSON has no NaN: unmeasurable values travel as null. */
const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Rows of history drawn before a forecast: a few times its length, at least 48. */
const historyRows = (steps: number): number => Math.max(48, 4 * steps);

export function predictHandlers(ctx: ServiceContext): Handlers<PredictMethods> {
  return {
    'predict.forecast': ({ runId, split }) =>
      withRunModel(ctx, runId, ({ model, prepared, season }) => asBadInput('split', () => forecastSplit(model, prepared, split, { runId, season }))),
    'predict.rollout': ({ runId, at, row, steps }) =>
      withRunModel(ctx, runId, ({ model, prepared }) => asBadInput('at', () => (row !== undefined ? rolloutFromRow(model, prepared, row, steps) : rollout(model, prepared, at ?? 0, steps)))),
    'predict.fromWindow': ({ runId, window, at }) =>
      withRunModel(ctx, runId, ({ model, prepared }) => asBadInput('window', () => predictFromWindow(model, prepared, window, {}, at))),
    'predict.ahead': async ({ runId, steps, future: upload }) => {
      // The upload is parsed before the model loads, so a bad file is reported as the file's problem.
      const table = upload ? await parseTable(upload.name, upload.text) : undefined;
      return withRunModel(ctx, runId, ({ model, prepared, season }) =>
        asBadInput(upload ? 'future' : 'steps', () => {
          const future = table ? futureFeaturesFromTable(table, prepared, steps) : {};
          const ahead = forecastAhead(model, prepared, { steps, season: seasonOf(prepared, season).season, future });
          const from = Math.max(0, prepared.rowCount - historyRows(steps));
          return {
            runId,
            ...ahead,
            intervals: ahead.intervals.map((i) => ({ level: i.level, lower: i.lower.map(finiteOrNull), upper: i.upper.map(finiteOrNull) })),
            history: { x: prepared.x.slice(from), actual: Array.from(prepared.original[0].subarray(from)) },
            csv: forecastCsv(ahead),
          };
        }),
      );
    },
    'predict.backtest': ({ runId, horizon, step, origins }) =>
      withRunModel(ctx, runId, ({ model, prepared, season }) =>
        asBadInput('horizon', () => {
          const result = backtest(model, prepared, { horizon, step, origins, season: seasonOf(prepared, season).season });
          const errors = (e: { mae: number; rmse: number; mape: number }) => ({ mae: e.mae, rmse: e.rmse, mape: finiteOrNull(e.mape) });
          return {
            runId,
            target: result.target,
            horizon: result.horizon,
            step: result.step,
            origins: result.origins,
            perStep: result.perStep.map((s) => ({ step: s.step, count: s.count, model: errors(s.model), naive: errors(s.naive), seasonalNaive: errors(s.seasonalNaive) })),
            intervals: result.intervals.map((i) => ({ level: i.level, coverage: finiteOrNull(i.coverage), checked: i.checked })),
            features: result.features,
            csv: backtestCsv(result),
          };
        }),
      ),
  };
}
