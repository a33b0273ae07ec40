/** predict.* — a trained run's forecast of a split, a rollout, and a prediction from an edited window. */
import { forecastSplit, predictFromWindow, rollout } from '../engine/predict';
import type { ServiceContext } from './context';
import type { Handlers } from './handler-table';
import { asBadInput, withRunModel } from './run-model';

type PredictMethods = 'predict.forecast' | 'predict.rollout' | 'predict.fromWindow';

export function predictHandlers(ctx: ServiceContext): Handlers<PredictMethods> {
  return {
    'predict.forecast': ({ runId, split }) =>
      withRunModel(ctx, runId, ({ model, prepared, season }) => asBadInput('split', () => forecastSplit(model, prepared, split, { runId, season }))),
    'predict.rollout': ({ runId, at, steps }) =>
      withRunModel(ctx, runId, ({ model, prepared }) => asBadInput('at', () => rollout(model, prepared, at, steps))),
    'predict.fromWindow': ({ runId, window }) =>
      withRunModel(ctx, runId, ({ model, prepared }) => asBadInput('window', () => predictFromWindow(model, prepared, window))),
  };
}
