/** config.suggest, config.validate, model.describe — the inline checks behind the Model and Data views. */
import { dimsOf, inspectRunConfig } from '../engine/check-run-config';
import { suggestConfig } from '../engine/defaults';
import { describeModel } from '../engine/model';
import { RunConfig } from '../engine/spec';
import type { ServiceContext } from './context';
import { toStudioError } from './errors';
import type { Handlers } from './handler-table';

type ConfigMethods = 'config.suggest' | 'config.validate' | 'model.describe';

export function configHandlers(ctx: ServiceContext): Handlers<ConfigMethods> {
  return {
    'config.suggest': async ({ datasetId, target }) => {
      const { table } = ctx.datasets.get(datasetId);
      return suggestConfig(table, target);
    },

    'config.validate': async ({ datasetId, config }) => {
      const parsed = RunConfig.safeParse(config);
      if (!parsed.success) {
        return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) };
      }
      const run = parsed.data;
      const dims = dimsOf(run);
      const { problems, segments } = inspectRunConfig(datasetId ? ctx.datasets.get(datasetId).table : undefined, run);
      if (problems.length) return { ok: false, errors: problems.map(({ path, message }) => ({ path, message })) };
      try {
        return { ok: true, errors: [], description: describeModel(run.model, dims), segments };
      } catch (err) {
        return { ok: false, errors: [{ path: 'model', message: toStudioError(err).message }] };
      }
    },

    'model.describe': async ({ model, window, inputFeatures, targets }) =>
      describeModel(model, { lookback: window.lookback, horizon: window.horizon, inputFeatures, targets }),
  };
}

// The checks live in the engine so the CLI and the worker apply the very same ones.
export { checkRunConfig, dimsOf, fieldOfDataError } from '../engine/check-run-config';
