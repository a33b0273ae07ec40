/** config.suggest, config.validate, model.describe — the inline checks behind the Model and Data views. */
import type { z } from 'zod';
import type { FieldError } from '../common/contract';
import { prepareSeries, segmentPreview, type Table } from '../engine/data';
import type { SegmentPreview } from '../engine/spec';
import { suggestConfig } from '../engine/defaults';
import { describeModel, validateModel, type ModelDims } from '../engine/model';
import { RunConfig } from '../engine/spec';
import type { ServiceContext } from './context';
import { isDataError, toStudioError } from './errors';
import type { Handlers } from './handler-table';

type ConfigMethods = 'config.suggest' | 'config.validate' | 'model.describe';
type FieldProblem = z.infer<typeof FieldError>;

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
      const table = datasetId ? ctx.datasets.get(datasetId).table : undefined;
      const errors = validateModel(run.model, dims).errors.map((e) => ({ path: underModel(e.path), message: e.message }));
      const prepared = table ? dryPrepare(table, run) : {};
      if (prepared.problem) errors.push(prepared.problem);
      if (errors.length) return { ok: false, errors };
      try {
        return { ok: true, errors: [], description: describeModel(run.model, dims), segments: prepared.segments };
      } catch (err) {
        return { ok: false, errors: [{ path: 'model', message: toStudioError(err).message }] };
      }
    },

    'model.describe': async ({ model, window, inputFeatures, targets }) =>
      describeModel(model, { lookback: window.lookback, horizon: window.horizon, inputFeatures, targets }),
  };
}

/** The model's own rules, then (given the data) whether the data can be windowed this way. */
export function checkRunConfig(table: Table | undefined, config: RunConfig): FieldProblem[] {
  const errors: FieldProblem[] = validateModel(config.model, dimsOf(config)).errors.map((e) => ({ path: underModel(e.path), message: e.message }));
  if (table) {
    const { problem } = dryPrepare(table, config);
    if (problem) errors.push(problem);
  }
  return errors;
}

export function dimsOf(config: RunConfig): ModelDims {
  return {
    lookback: config.window.lookback,
    horizon: config.window.horizon,
    inputFeatures: config.series.target.length + config.series.features.length,
    targets: config.series.target.length,
  };
}

/** MODEL reports paths relative to the ModelSpec, and `dims.*` for the shape it was asked to fit. */
const DIMS_FIELDS: Record<string, string> = {
  'dims.lookback': 'window.lookback',
  'dims.horizon': 'window.horizon',
  'dims.inputFeatures': 'series.features',
  'dims.targets': 'series.target',
};
function underModel(path: string): string {
  if (DIMS_FIELDS[path]) return DIMS_FIELDS[path];
  if (path === '' || path === '(model)') return 'model';
  return path === 'model' || path.startsWith('model.') ? path : `model.${path}`;
}

/** Windowing the real data is the only way to know "lookback too long for this data" before training. */
function dryPrepare(table: Table, config: RunConfig): { problem?: FieldProblem; segments?: SegmentPreview } {
  try {
    return { segments: segmentPreview(prepareSeries(table, config.series, config.window, config.model.topology)) };
  } catch (err) {
    if (!isDataError(err)) return { problem: { path: 'series', message: toStudioError(err).message } };
    return { problem: { path: fieldOfDataError(err, config), message: toStudioError(err).message } };
  }
}

/** Points a data problem at the config field the user would change to fix it. */
export function fieldOfDataError(err: { code: string; column?: string }, config: RunConfig): string {
  if (err.column !== undefined) {
    const target = config.series.target.indexOf(err.column);
    if (target >= 0) return `series.target.${target}`;
    const feature = config.series.features.indexOf(err.column);
    if (feature >= 0) return `series.features.${feature}`;
    if (config.series.date === err.column) return 'series.date';
  }
  const code = err.code.toLowerCase();
  if (/short|lookback|window|rows/.test(code)) return 'window.lookback';
  if (/date/.test(code)) return 'series.date';
  if (/log|boxcox|box_cox|transform|positive/.test(code)) return 'series.transforms';
  if (/split/.test(code)) return 'series.split';
  if (/missing|nan|finite/.test(code)) return 'series.missing';
  if (/column|target/.test(code)) return 'series.target';
  return 'series';
}
