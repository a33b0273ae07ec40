import type { CalendarFeature, MissingPolicy, SeriesSpec, SplitSpec, Topology, TransformSpec, WindowSpec } from '../spec';
import { dateLabels } from './build-table';
import { isoLabel } from './dates';
import { calendarColumnNames, calendarColumnValues, parseCalendarColumn } from './calendar';
import { DataError } from './data-error';
import { repairMissing } from './missing';
import { PreparedSeriesData } from './prepared-series';
import type { FittedTransform, PreprocessingRecord, ScalerParams } from './preprocessing-record';
import { fitScaler, scaleSeries } from './scaler';
import { computeSegments, minimumRows, type Segments } from './split';
import { applyTransform, fitBoxCoxLambda, transformLag } from './transforms';
import type { PreparedSeries, Table } from './types';
import { leadColumn, windowEndRows } from './windowing';

interface Plan {
  targets: string[];
  features: string[];
  calendar: CalendarFeature[];
  inputColumns: string[];
  /** Input columns read at the forecast rows (known-in-advance features, then calendar columns). */
  knownInAdvance: string[];
  dateColumn?: string;
  missing: MissingPolicy;
  window: WindowSpec;
  topology: Topology;
  split: SplitSpec;
}

interface Columns {
  original: Float64Array[];
  tableRows: Int32Array;
}

const quoteList = (names: string[]): string => names.map((n) => `'${n}'`).join(', ');

function unique<T>(names: T[]): T[] {
  return [...new Set(names)];
}

/** Checks every named column exists and has the right kind. */
function resolvePlan(table: Table, series: SeriesSpec, window: WindowSpec, topology: Topology): Plan {
  const file = table.name;
  const targets = unique(series.target);
  const features = unique(series.features ?? []);
  const both = features.filter((f) => targets.includes(f));
  if (both.length) {
    throw new DataError('conflicting-columns', `column '${both[0]}' is given both as a target and as a feature`, {
      file,
      column: both[0],
      hint: "Remove it from the features: a target's own past values are already the model's inputs.",
    });
  }
  const kinds = new Map(table.summary.columns.map((c) => [c.name, c.kind]));
  const hint = `Available columns: ${quoteList(table.header)}.`;
  for (const name of [...targets, ...features, ...(series.date ? [series.date] : [])]) {
    if (!kinds.has(name)) throw new DataError('unknown-column', `there is no column '${name}'`, { file, column: name, hint });
  }
  const knownFeatures = unique(series.knownInAdvance ?? []);
  const notFeature = knownFeatures.find((name) => !features.includes(name));
  if (notFeature !== undefined) {
    throw new DataError('conflicting-columns', `column '${notFeature}' is marked known in advance but is not one of the features`, {
      file,
      column: notFeature,
      hint: targets.includes(notFeature)
        ? 'A target is what is forecast, so it cannot be known in advance; unmark it.'
        : `Add it to the features, or unmark it. Features: ${quoteList(features) || 'none'}.`,
    });
  }
  for (const name of [...targets, ...features]) {
    const kind = kinds.get(name);
    if (kind !== 'numeric') {
      const role = targets.includes(name) ? 'a target' : 'a feature';
      const numeric = table.summary.columns.filter((c) => c.kind === 'numeric').map((c) => c.name);
      throw new DataError('non-numeric', `it holds ${kind === 'empty' ? 'no values' : kind === 'date' ? 'dates' : 'text'}, but ${role} must be numeric`, {
        file,
        column: name,
        hint: numeric.length ? `Numeric columns: ${quoteList(numeric)}.` : 'The file has no numeric columns.',
      });
    }
  }
  if (series.date && kinds.get(series.date) !== 'date') {
    const dates = table.summary.columns.filter((c) => c.kind === 'date').map((c) => c.name);
    throw new DataError('bad-date-column', `column '${series.date}' does not hold dates`, {
      file,
      column: series.date,
      hint: dates.length ? `Date columns: ${quoteList(dates)}.` : 'No column was recognised as dates; leave the date unset to use row numbers.',
    });
  }
  const stride = window.stride ?? 1;
  const horizon = window.horizon ?? 1;
  const dateColumn = series.date ?? table.summary.dateColumn;
  const calendar = unique(series.calendar ?? []);
  if (calendar.length > 0 && !dateColumn) {
    throw new DataError('bad-date-column', `calendar features (${calendar.join(', ')}) need a date column, and none was found`, {
      file,
      hint: 'Choose the date column (series.date), or leave the calendar features out.',
    });
  }
  return {
    targets,
    features,
    calendar,
    inputColumns: [...targets, ...features, ...calendarColumnNames(calendar)],
    knownInAdvance: [...features.filter((f) => knownFeatures.includes(f)), ...calendarColumnNames(calendar)],
    dateColumn,
    missing: series.missing ?? 'interpolate',
    window: { lookback: window.lookback, horizon, stride },
    topology,
    split: series.split ?? { val: 0.15, test: 0.15 },
  };
}

/** Reads the input columns, repairs missing values and refuses anything still not finite. */
function loadColumns(table: Table, plan: Plan): Columns {
  const file = table.name;
  const dates = plan.calendar.length > 0 && plan.dateColumn ? table.column(plan.dateColumn) : undefined;
  const raw = plan.inputColumns.map((name) => (dates && parseCalendarColumn(name) ? calendarColumnValues(dates, name) : table.column(name)));
  raw.forEach((values, c) => {
    if (!values.some((v) => Number.isFinite(v))) {
      throw new DataError('non-finite', `column '${plan.inputColumns[c]}' has no numeric values`, { file, column: plan.inputColumns[c], hint: 'Choose another column.' });
    }
  });
  const { columns, kept } = repairMissing(raw, plan.missing);
  columns.forEach((values, c) => {
    const r = values.findIndex((v) => !Number.isFinite(v));
    if (r >= 0) {
      throw new DataError('non-finite', `the value ${values[r]} is left after the '${plan.missing}' missing-value policy`, {
        file,
        ...table.place(kept[r]),
        column: plan.inputColumns[c],
        field: 'series.missing',
        hint: 'Replace it with a number or an empty cell.',
      });
    }
  });
  return { original: columns, tableRows: kept };
}

function describeShare(value: number, word: string): string {
  return value < 1 ? `${word} ${Math.round(value * 100)}%` : `${word} ${value} rows`;
}

/** Fewest forecast points (windows × horizon) whose errors make a test score worth printing. */
export const MIN_TEST_POINTS = 2;
/** Fewest training windows a model can learn anything from. */
export const MIN_TRAIN_WINDOWS = 2;

function segmentsOrThrow(table: Table, plan: Plan, rowCount: number, warmupRows: number): Segments {
  const { lookback, horizon } = plan.window;
  const { val, test } = plan.split;
  const hint = 'Shorten the lookback or horizon, use smaller validation/test shares, or load more data.';
  if (val < 1 && test < 1 && val + test >= 1) {
    throw new DataError('too-short', `${describeShare(val, 'validation')} and ${describeShare(test, 'test')} leave no rows for training`, {
      file: table.name,
      field: 'series.split',
      hint: 'Make the validation and test shares add up to less than 100% (e.g. 0.15 each).',
    });
  }
  const segments = computeSegments(rowCount, warmupRows, plan.window, plan.split);
  if (!segments) {
    const needed = minimumRows(warmupRows, plan.window, plan.split);
    const dropped = table.rowCount - rowCount;
    const need = Number.isFinite(needed) ? `needs at least ${needed} rows` : 'cannot be met by any number of rows';
    throw new DataError(
      'too-short',
      `the series has ${rowCount} usable rows${dropped > 0 ? ` (${dropped} dropped for missing values)` : ''}, but lookback ${lookback} + horizon ${horizon}${warmupRows ? ` + ${warmupRows} row(s) for differencing` : ''} with ${describeShare(val, 'validation')} and ${describeShare(test, 'test')} ${need}`,
      { file: table.name, field: 'window.lookback', hint },
    );
  }
  const stride = plan.window.stride ?? 1;
  const testPoints = windowEndRows(segments.test, horizon, 1).length * horizon;
  if (testPoints < MIN_TEST_POINTS) {
    throw new DataError('too-short', `the test set holds ${testPoints} forecast point${testPoints === 1 ? '' : 's'}, too few for a meaningful score (at least ${MIN_TEST_POINTS})`, {
      file: table.name,
      field: 'series.split',
      hint: `Load more rows, or give the test set more rows (e.g. --test ${MIN_TEST_POINTS + horizon - 1}).`,
    });
  }
  const trainWindows = windowEndRows(segments.train, horizon, stride).length;
  if (trainWindows < MIN_TRAIN_WINDOWS) {
    const cause = stride > 1 ? `stride ${stride} leaves` : 'the training rows leave';
    throw new DataError('too-short', `${cause} ${trainWindows} training window${trainWindows === 1 ? '' : 's'} (at least ${MIN_TRAIN_WINDOWS} are needed to learn anything)`, {
      file: table.name,
      field: stride > 1 ? 'window.stride' : 'window.lookback',
      hint: stride > 1 ? `Use a smaller stride (window.stride; ${Math.max(1, Math.floor(stride / Math.ceil(MIN_TRAIN_WINDOWS / Math.max(1, trainWindows))))} or less), or load more data.` : hint,
    });
  }
  return segments;
}

function lagOf(steps: (TransformSpec | FittedTransform)[]): number {
  return steps.reduce((sum, step) => sum + transformLag(step), 0);
}

/** Applies each transform in order, fitting Box-Cox λ on the training rows when not given. */
function transformTarget(
  table: Table,
  column: string,
  values: Float64Array,
  tableRows: Int32Array,
  steps: (TransformSpec | FittedTransform)[],
  trainEnd: number,
): { transformed: Float64Array; fitted: FittedTransform[] } {
  let current = values;
  let warmup = 0;
  const fitted: FittedTransform[] = [];
  for (const step of steps) {
    let done: FittedTransform;
    if (step.kind === 'log' || step.kind === 'boxcox') {
      for (let r = warmup; r < current.length; r++) {
        if (!(current[r] > 0)) {
          const what = step.kind === 'log' ? 'log' : 'Box-Cox';
          throw new DataError('non-positive', `${what} needs values above 0, found ${current[r]}${warmup ? ' after differencing' : ''}`, {
            file: table.name,
            ...table.place(tableRows[r]),
            column,
            field: 'series.transforms',
            hint: `Remove the ${what} transform${warmup ? ' or put it before differencing' : ''}, or shift the column so every value is positive.`,
          });
        }
      }
      done = step.kind === 'log' ? { kind: 'log' } : { kind: 'boxcox', lambda: step.lambda ?? fitBoxCoxLambda(current.subarray(warmup, trainEnd)) };
    } else {
      done = step.kind === 'diff' ? { kind: 'diff' } : { kind: 'seasonalDiff', period: step.period };
    }
    current = applyTransform(current, done);
    warmup += transformLag(done);
    fitted.push(done);
  }
  return { transformed: current, fitted };
}

function largestMagnitude(values: Float64Array): number {
  let largest = 0;
  for (const v of values) if (Number.isFinite(v) && Math.abs(v) > largest) largest = Math.abs(v);
  return largest;
}

function checkScaler(table: Table, params: ScalerParams, values: Float64Array, isTransformedTarget: boolean, trainStart: number): void {
  if (params.kind === 'none' || (Number.isFinite(params.scale) && params.scale > 0 && Number.isFinite(params.offset))) return;
  const afterTransforms = isTransformedTarget ? ' after its transforms' : '';
  if (!Number.isFinite(params.scale) || !Number.isFinite(params.offset)) {
    // Not constant: the sum of squares overflowed a double.
    throw new DataError('non-finite', `values up to ${largestMagnitude(values).toExponential(2)}${afterTransforms} are too large to scale (their variance overflows)`, {
      file: table.name,
      column: params.column,
      hint: 'Divide the column by a power of ten (e.g. work in millions), or choose a log transform.',
    });
  }
  throw new DataError(
    'constant-column',
    `the column is constant (${values[trainStart]}) on the training rows${afterTransforms}, so ${params.kind} scaling would divide by zero`,
    { file: table.name, column: params.column, hint: "Leave the column out, or choose scaler 'none'." },
  );
}

function xLabels(table: Table, plan: Plan, tableRows: Int32Array): (string | number)[] {
  if (!plan.dateColumn) return Array.from(tableRows);
  const labels = dateLabels(table, plan.dateColumn);
  return Array.from(tableRows, (r) => labels[r]);
}

type Fitting = { kind: 'fit'; transforms: TransformSpec[]; scaler: SeriesSpec['scaler'] } | { kind: 'reuse'; record: PreprocessingRecord };

/** Transforms the targets and fits the scalers on the training rows, with every check that implies. */
function fitInputs(table: Table, plan: Plan, columns: Columns, warmupRows: number, segments: Segments, fitting: Fitting) {
  const { original, tableRows } = columns;
  const trainRange = { start: warmupRows, end: segments.train.end };
  const transforms: PreprocessingRecord['transforms'] = [];
  const inputs = original.map((values, c) => {
    if (c >= plan.targets.length) return values;
    const column = plan.targets[c];
    const steps = fitting.kind === 'fit' ? fitting.transforms : (fitting.record.transforms.find((t) => t.column === column)?.steps ?? []);
    const { transformed, fitted } = transformTarget(table, column, values, tableRows, steps, trainRange.end);
    transforms.push({ column, steps: fitted });
    return transformed;
  });
  const scalers = inputs.map((values, c) => {
    if (fitting.kind === 'reuse') return fitting.record.scalers[c];
    const params = fitScaler(plan.inputColumns[c], values, trainRange, fitting.scaler);
    checkScaler(table, params, values, c < plan.targets.length && fitting.transforms.length > 0, warmupRows);
    return params;
  });
  return { inputs, transforms, scalers };
}

function assemble(table: Table, plan: Plan, columns: Columns, segments: Segments, warmupRows: number, fitting: Fitting): PreparedSeries {
  const { original, tableRows } = columns;
  const { inputs, transforms, scalers } = fitInputs(table, plan, columns, warmupRows, segments, fitting);
  const horizon = plan.window.horizon ?? 1;
  const scaled = inputs.map((values, c) => {
    const series = scaleSeries(values, scalers[c]);
    return plan.knownInAdvance.includes(plan.inputColumns[c]) ? leadColumn(series, horizon) : series;
  });
  const preprocessing: PreprocessingRecord = {
    version: 1,
    dataset: { name: table.name, sha256: table.sha256, rows: table.rowCount },
    targets: plan.targets,
    features: plan.features,
    calendar: plan.calendar,
    inputColumns: plan.inputColumns,
    knownInAdvance: plan.knownInAdvance,
    dateColumn: plan.dateColumn,
    missing: plan.missing,
    transforms,
    scalers,
    window: plan.window,
    topology: plan.topology,
    split: plan.split,
    rowCount: original[0].length,
    warmupRows,
    segments,
  };
  return new PreparedSeriesData({
    file: table.name,
    targets: plan.targets,
    inputColumns: plan.inputColumns,
    x: xLabels(table, plan, tableRows),
    tableRows,
    original,
    scaled,
    warmupRows,
    window: plan.window,
    topology: plan.topology,
    segments,
    preprocessing,
  });
}

/**
 * Turns table columns into a model-ready series: repairs missing values, transforms targets, fits
 * Box-Cox λ and the scaler on the training rows only, and splits chronologically. Throws DataError
 * for anything the user must change (unknown or non-numeric column, too few rows, constant column,
 * values left non-finite, log/Box-Cox of values ≤ 0).
 */
export function prepareSeries(table: Table, series: SeriesSpec, window: WindowSpec, topology: Topology): PreparedSeries {
  const plan = resolvePlan(table, series, window, topology);
  const columns = loadColumns(table, plan);
  const transforms = series.transforms ?? [];
  const warmupRows = lagOf(transforms);
  const segments = segmentsOrThrow(table, plan, columns.original[0].length, warmupRows);
  return assemble(table, plan, columns, segments, warmupRows, { kind: 'fit', transforms, scaler: series.scaler ?? 'standard' });
}

/** What a configuration check needs of a prepared series (see checkSeries). */
export interface SeriesCheck {
  segments: Segments;
  window: WindowSpec;
  tableRows: Int32Array;
  rowCount: number;
  /** The x label of prepared row `index`, as PreparedSeries.x holds it. */
  labelAt(index: number): string | number;
}

/**
 * Every check prepareSeries makes (columns, missing values, split, transforms, scalers), without
 * scaling each column or labelling each row: what validating a configuration against a large table
 * needs, at a fraction of the work and memory.
 */
export function checkSeries(table: Table, series: SeriesSpec, window: WindowSpec, topology: Topology): SeriesCheck {
  const plan = resolvePlan(table, series, window, topology);
  const columns = loadColumns(table, plan);
  const transforms = series.transforms ?? [];
  const warmupRows = lagOf(transforms);
  const segments = segmentsOrThrow(table, plan, columns.original[0].length, warmupRows);
  fitInputs(table, plan, columns, warmupRows, segments, { kind: 'fit', transforms, scaler: series.scaler ?? 'standard' });
  const { tableRows } = columns;
  const dates = plan.dateColumn ? table.column(plan.dateColumn) : undefined;
  const format = plan.dateColumn ? (table.dateFormats?.[plan.dateColumn] ?? 'ymd') : 'ymd';
  return {
    segments,
    window: plan.window,
    tableRows,
    rowCount: tableRows.length,
    labelAt: (index) => (dates ? isoLabel(dates[tableRows[index]], format) : tableRows[index]),
  };
}

/**
 * Re-applies a saved preprocessing to a table without refitting anything (predicting on new data).
 * On the training data itself (same sha256) the segments are the recorded ones; on other data every
 * forecastable row counts as test.
 */
export function preparedFromRecord(record: PreprocessingRecord, table: Table): PreparedSeries {
  const series: SeriesSpec = {
    target: record.targets,
    features: record.features,
    calendar: record.calendar ?? [],
    knownInAdvance: (record.knownInAdvance ?? []).filter((name) => record.features.includes(name)),
    date: record.dateColumn && table.header.includes(record.dateColumn) ? record.dateColumn : undefined,
    missing: record.missing,
    transforms: [],
    scaler: 'none',
    split: record.split,
  };
  // Records from before known-in-advance inputs existed read every column at its own row.
  const plan = { ...resolvePlan(table, series, record.window, record.topology), knownInAdvance: record.knownInAdvance ?? [] };
  const columns = loadColumns(table, plan);
  const rowCount = columns.original[0].length;
  const firstForecast = record.warmupRows + record.window.lookback;
  let segments: Segments;
  if (table.sha256 === record.dataset.sha256 && rowCount === record.rowCount) {
    segments = record.segments;
  } else {
    if (rowCount < firstForecast) {
      throw new DataError('too-short', `the model needs at least ${firstForecast} rows (lookback ${record.window.lookback}${record.warmupRows ? ` + ${record.warmupRows} for differencing` : ''}), the data has ${rowCount}`, {
        file: table.name,
        hint: 'Load a longer stretch of the series.',
      });
    }
    segments = { train: { start: firstForecast, end: firstForecast }, val: { start: firstForecast, end: firstForecast }, test: { start: firstForecast, end: rowCount } };
  }
  return assemble(table, plan, columns, segments, record.warmupRows, { kind: 'reuse', record });
}
