/**
 * Everything about a run that can be checked before a run folder exists: the model's own rules,
 * whether the data can be prepared and windowed this way, and whether each segment gets a window.
 * The CLI, the service and runExperiment ask here, so input the worker would refuse never leaves
 * a failed run behind.
 */
import { checkSeries, DataError, segmentPreview, type PreparedSeries, type SegmentName, type SeriesCheck, type Table } from './data';
import { windowEndRows } from './data/windowing';
import { validateModel, type ModelDims } from './model';
import type { RunConfig, SegmentPreview } from './spec';

/** A problem located at the config field a person would change to fix it. */
export interface ConfigProblem {
  path: string;
  message: string;
  /** For a problem in the data: its file, row and column, which the message already names. */
  where?: string;
}

export function checkRunConfig(table: Table | undefined, config: RunConfig): ConfigProblem[] {
  return inspectRunConfig(table, config).problems;
}

/**
 * The checks of checkRunConfig plus, when the data can be windowed, the segments exactly as training
 * and scoring will see them (the split preview shows these, never a count of its own).
 */
export function inspectRunConfig(table: Table | undefined, config: RunConfig): { problems: ConfigProblem[]; segments?: SegmentPreview } {
  const problems = modelProblems(config);
  if (!table) return { problems };
  const data = inspectData(table, config);
  return { problems: [...problems, ...data.problems], segments: data.segments };
}

/** The model's own rules for these dimensions, at the config fields a person would change. */
export function modelProblems(config: RunConfig): ConfigProblem[] {
  return validateModel(config.model, dimsOf(config)).errors.map((e) => ({ path: underModel(e.path), message: e.message }));
}

/**
 * The part of inspectRunConfig that reads the data. It depends only on the table and on
 * config.series, config.window and config.model.topology (see dataCheckKey), so a caller may keep
 * its answer while other fields change: on a million rows it takes seconds, the model's rules none.
 */
export function inspectData(table: Table, config: RunConfig): { problems: ConfigProblem[]; segments?: SegmentPreview } {
  let prepared: SeriesCheck;
  try {
    prepared = checkSeries(table, config.series, config.window, config.model.topology);
  } catch (err) {
    return { problems: [problemOf(err, config)] };
  }
  const empty = emptySegmentProblem(prepared, config);
  return { problems: empty ? [empty] : [], segments: segmentPreview(prepared) };
}

/** Everything of a configuration inspectData reads. */
export function dataCheckKey(config: RunConfig): string {
  return JSON.stringify([config.series, config.window, config.model.topology]);
}

/** One line: "model.layers.0.units: …", or a data problem's own message (it names file, row and column). */
export function describeProblem(problem: ConfigProblem): string {
  return problem.where ? problem.message : `${problem.path}: ${problem.message}`;
}

/** A segment without one complete window cannot be trained, validated or scored. */
export function emptySegmentProblem(prepared: Pick<PreparedSeries, 'segments' | 'rowCount'>, config: RunConfig): ConfigProblem | undefined {
  for (const name of ['train', 'val', 'test'] as SegmentName[]) {
    if (windowEndRows(prepared.segments[name], config.window.horizon, config.window.stride).length > 0) continue;
    const fix = name === 'train' ? 'a smaller validation or test share' : `a larger series.split.${name}`;
    return {
      path: 'window.lookback',
      message: `the ${name} segment has no complete windows (lookback ${config.window.lookback}, horizon ${config.window.horizon}, ${prepared.rowCount} rows); use a shorter lookback or horizon, or ${fix}`,
    };
  }
  return undefined;
}

export function dimsOf(config: RunConfig): ModelDims {
  return {
    lookback: config.window.lookback,
    horizon: config.window.horizon,
    inputFeatures: config.series.target.length + config.series.features.length,
    targets: config.series.target.length,
  };
}

/** The model's rules report paths relative to the ModelSpec, and `dims.*` for the shape it was asked to fit. */
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

function problemOf(err: unknown, config: RunConfig): ConfigProblem {
  if (!isDataError(err)) return { path: 'series', message: err instanceof Error ? err.message : String(err) };
  const message = err.hint && !err.message.includes(err.hint) ? `${err.message} ${err.hint}` : err.message;
  return { path: fieldOfDataError(err, config), message, where: err.where ?? err.file ?? 'data' };
}

/** Recognised by name too, so it survives module duplication (tsx vs bundles). */
function isDataError(err: unknown): err is DataError {
  return err instanceof DataError || (err instanceof Error && err.name === 'DataError' && typeof (err as { code?: unknown }).code === 'string');
}

/** Points a data problem at the config field the user would change to fix it. */
export function fieldOfDataError(err: { code: string; column?: string; field?: string }, config: RunConfig): string {
  // The engine names the field where it knows it; the rest is read off the column and the code.
  if (err.field) return err.field;
  if (err.column !== undefined) {
    const target = config.series.target.indexOf(err.column);
    if (target >= 0) return `series.target.${target}`;
    const feature = config.series.features.indexOf(err.column);
    if (feature >= 0) return `series.features.${feature}`;
    if (config.series.date === err.column) return 'series.date';
    const known = config.series.knownInAdvance?.indexOf(err.column) ?? -1;
    if (known >= 0) return `series.knownInAdvance.${known}`;
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
