/** config.suggest, config.validate, model.describe — the inline checks behind the Model and Data views. */
import { dataCheckKey, dimsOf, inspectData, modelProblems } from '../engine/check-run-config';
import { suggestConfig } from '../engine/defaults';
import { describeModel } from '../engine/model';
import { RunConfig } from '../engine/spec';
import type { ServiceContext } from './context';
import { toStudioError } from './errors';
import type { Handlers } from './handler-table';

type ConfigMethods = 'config.suggest' | 'config.validate' | 'model.describe';

/** Data checks kept per dataset and data-relevant configuration (a million rows take seconds to prepare). */
const DATA_CHECKS_KEPT = 16;

export function configHandlers(ctx: ServiceContext): Handlers<ConfigMethods> {
  const dataChecks = new Map<string, ReturnType<typeof inspectData>>();
  const checkData = (datasetId: string, run: RunConfig): ReturnType<typeof inspectData> => {
    const { table } = ctx.datasets.get(datasetId); // a closed dataset stays an error, cached or not
    const key = `${datasetId}\n${dataCheckKey(run)}`;
    let checked = dataChecks.get(key);
    if (checked) {
      dataChecks.delete(key); // most recently used goes last
    } else {
      checked = inspectData(table, run);
      while (dataChecks.size >= DATA_CHECKS_KEPT) dataChecks.delete(dataChecks.keys().next().value as string);
    }
    dataChecks.set(key, checked);
    return checked;
  };
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
      const data = datasetId ? checkData(datasetId, run) : { problems: [] };
      const problems = [...modelProblems(run), ...data.problems];
      const segments = 'segments' in data ? data.segments : undefined;
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
