/**
 * The API contract between the renderer and the backend service: the single source of truth for
 * every request, response and event. Electron's IPC adapter, the browser host's WebSocket adapter
 * and the renderer's client are all derived from these maps, and both sides validate with them.
 *
 * Runs anywhere (renderer, main, worker): imports nothing but zod and the engine's specs.
 */
import { z } from 'zod';
import {
  BackendInfo,
  DatasetSummary,
  Metrics,
  ModelSpec,
  RunConfig,
  RunRecord,
  TrainingEvent,
  WindowSpec,
} from '../engine/spec';

export const CONTRACT_VERSION = 1;

const Id = z.string().min(1).max(200).regex(/^[\w.-]+$/, 'ids are letters, digits, dot, dash and underscore');
const RunRef = z.object({ runId: Id });
const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });

export const AppInfo = z.object({
  appVersion: z.string(),
  contractVersion: z.number(),
  host: z.enum(['electron', 'browser']),
  backend: BackendInfo,
  runsDir: z.string(),
  cores: z.number().int(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const RowsPage = z.object({
  offset: z.number().int(),
  total: z.number().int(),
  columns: z.array(z.string()),
  /** Cells as the file had them (strings), so the preview shows exactly what was read. */
  rows: z.array(z.array(z.string())),
});

export const SeriesData = z.object({
  /** x values: ISO dates when the dataset has a date column, else row indices. */
  x: z.array(z.union([z.string(), z.number()])),
  /** Row index of each point (points are downsampled for long series). */
  index: z.array(z.number().int()),
  columns: z.record(z.string(), z.array(z.number().nullable())),
  totalRows: z.number().int(),
});
export type SeriesData = z.infer<typeof SeriesData>;

export const LayerShape = z.object({
  name: z.string(),
  kind: z.string(),
  /** Output shape with the batch dimension as null, e.g. [null, 48, 64]. */
  outputShape: z.array(z.number().nullable()),
  params: z.number().int(),
});
export const ModelDescription = z.object({
  layers: z.array(LayerShape),
  totalParams: z.number().int(),
  inputShape: z.array(z.number().nullable()),
  outputShape: z.array(z.number().nullable()),
});
export type ModelDescription = z.infer<typeof ModelDescription>;

/** A problem with a spec, pointing at the field that caused it. */
export const FieldError = z.object({ path: z.string(), message: z.string() });
export const Validation = z.object({ ok: z.boolean(), errors: z.array(FieldError), description: ModelDescription.optional() });
export type Validation = z.infer<typeof Validation>;

export const RunListing = z.object({
  runs: z.array(RunRecord),
  /** Folders in the runs directory that are not readable runs: reported, skipped. */
  skipped: z.array(z.object({ folder: z.string(), reason: z.string() })),
});
export type RunListing = z.infer<typeof RunListing>;

export const Forecast = z.object({
  runId: Id,
  /** x of each target point (ISO date or row index). */
  x: z.array(z.union([z.string(), z.number()])),
  /** Row index of each target point: what `predict.rollout`'s `at` takes when x are dates. Optional so older backends still validate. */
  index: z.array(z.number().int()).optional(),
  targets: z.array(z.string()),
  /** [point][target] in original units. */
  actual: z.array(z.array(z.number())),
  predicted: z.array(z.array(z.number())),
  naive: z.array(z.array(z.number())),
  seasonalNaive: z.array(z.array(z.number())),
  metrics: z.object({ model: Metrics, naive: Metrics, seasonalNaive: Metrics }),
});
export type Forecast = z.infer<typeof Forecast>;

export const Rollout = z.object({
  /** The input window as used (original units, [step][column]). */
  input: z.array(z.array(z.number())),
  inputColumns: z.array(z.string()),
  /** Predicted future [step][target] in original units. */
  predicted: z.array(z.array(z.number())),
  targets: z.array(z.string()),
  x: z.array(z.union([z.string(), z.number()])),
  /** How feature columns were fed over the predicted rows (actual values, calendar, held), in words. */
  features: z.string().optional(),
});
export type Rollout = z.infer<typeof Rollout>;

/** Forecast past the end of the data with empirical intervals (engine/forecast-ahead), plus recent history to draw before it. */
export const AheadForecast = z.object({
  runId: Id,
  target: z.string(),
  x: z.array(z.union([z.string(), z.number()])),
  predicted: z.array(z.number()),
  /** Bounds per step; null where no residuals could be measured. */
  intervals: z.array(z.object({ level: z.number(), lower: z.array(z.number().nullable()), upper: z.array(z.number().nullable()) })),
  intervalSource: z.string(),
  features: z.string(),
  history: z.object({ x: z.array(z.union([z.string(), z.number()])), actual: z.array(z.number()) }),
  csv: z.string(),
});
export type AheadForecast = z.infer<typeof AheadForecast>;

const StepErrors = z.object({ mae: z.number(), rmse: z.number(), mape: z.number().nullable() });

/** Rolling-origin evaluation (engine/backtest): errors per horizon step against both baselines and interval coverage. */
export const Backtest = z.object({
  runId: Id,
  target: z.string(),
  horizon: z.number().int(),
  step: z.number().int(),
  origins: z.array(z.union([z.string(), z.number()])),
  perStep: z.array(z.object({ step: z.number().int(), count: z.number().int(), model: StepErrors, naive: StepErrors, seasonalNaive: StepErrors })),
  intervals: z.array(z.object({ level: z.number(), coverage: z.number().nullable(), checked: z.number().int() })),
  features: z.string(),
  csv: z.string(),
});
export type Backtest = z.infer<typeof Backtest>;

export const Comparison = z.object({
  runs: z.array(RunRecord),
  /** Only the config fields that differ: path → one value per run. */
  configDiff: z.array(z.object({ path: z.string(), values: z.array(z.unknown()) })),
  curves: z.array(
    z.object({
      runId: Id,
      epochs: z.array(z.number()),
      trainLoss: z.array(z.number()),
      valLoss: z.array(z.number()),
      meanGradNorm: z.array(z.number()),
    }),
  ),
});
export type Comparison = z.infer<typeof Comparison>;

export const CellComparisonRow = z.object({
  runId: Id,
  cell: z.string(),
  params: z.number().int(),
  secondsPerEpoch: z.number(),
  epochsToBest: z.number().int(),
  bestValLoss: z.number(),
  test: Metrics,
  naive: Metrics,
  seasonalNaive: Metrics,
  gradientHealth: z.string(),
});
export const CellComparison = z.object({
  group: Id,
  status: z.enum(['running', 'completed', 'cancelled', 'failed']),
  rows: z.array(CellComparisonRow),
  markdown: z.string(),
  csv: z.string(),
});
export type CellComparison = z.infer<typeof CellComparison>;

export const SweepField = z.enum(['cell', 'units', 'layers', 'lookback', 'lr', 'dropout']);
export const SweepSpec = z.object({
  mode: z.enum(['grid', 'random']),
  /** field → candidate values; only the fields being swept (partialRecord: zod 4 records over an enum are exhaustive). */
  space: z.partialRecord(SweepField, z.array(z.union([z.number(), z.string()])).min(1)),
  /** For random search: how many trials. */
  trials: z.number().int().min(1).max(200).default(8),
  concurrency: z.number().int().min(1).max(8).default(2),
});
export type SweepSpec = z.infer<typeof SweepSpec>;
export const SweepState = z.object({
  group: Id,
  status: z.enum(['running', 'completed', 'cancelled', 'failed']),
  total: z.number().int(),
  finished: z.number().int(),
  runIds: z.array(Id),
  bestRunId: Id.optional(),
});
export type SweepState = z.infer<typeof SweepState>;

/** Request/response pairs. The key is the method's name on every side. */
export const methods = {
  'app.info': { input: Empty, output: AppInfo },

  'datasets.openPath': { input: z.object({ path: z.string().min(1).max(4096) }), output: DatasetSummary },
  /** A file the user picked or dropped in a browser: its bytes travel as base64. */
  'datasets.upload': {
    input: z.object({ name: z.string().min(1).max(255), base64: z.string().max(200 * 1024 * 1024) }),
    output: DatasetSummary,
  },
  'datasets.openSample': { input: Empty, output: DatasetSummary },
  'datasets.rows': {
    input: z.object({ datasetId: Id, offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) }),
    output: RowsPage,
  },
  'datasets.series': {
    input: z.object({ datasetId: Id, columns: z.array(z.string()).min(1).max(32), maxPoints: z.number().int().min(10).max(20_000).default(2000) }),
    output: SeriesData,
  },
  /** Defaults the engine picks for a dataset and target. */
  'config.suggest': { input: z.object({ datasetId: Id, target: z.array(z.string()).min(1) }), output: RunConfig },
  /** Validates a config against a dataset and describes the model it builds (shapes, parameters). */
  'config.validate': { input: z.object({ datasetId: Id.optional(), config: z.unknown() }), output: Validation },
  'model.describe': {
    input: z.object({ model: ModelSpec, window: WindowSpec, inputFeatures: z.number().int().min(1), targets: z.number().int().min(1) }),
    output: ModelDescription,
  },

  'jobs.start': { input: z.object({ datasetId: Id, config: RunConfig }), output: z.object({ runId: Id }) },
  'jobs.pause': { input: RunRef, output: Ok },
  'jobs.resume': { input: RunRef, output: Ok },
  'jobs.stop': { input: RunRef, output: Ok },

  'runs.list': { input: Empty, output: RunListing },
  'runs.get': { input: RunRef, output: RunRecord },
  /** The run's logged events (epochs, warnings, sampled batches): downsampled to at most maxBatchPoints batch events. */
  'runs.events': {
    input: z.object({ runId: Id, maxBatchPoints: z.number().int().min(10).max(100_000).default(5000) }),
    output: z.object({ events: z.array(TrainingEvent), totalBatches: z.number().int() }),
  },
  'runs.update': {
    input: z.object({ runId: Id, name: z.string().min(1).max(200).optional(), tags: z.array(z.string().max(50)).max(50).optional(), notes: z.string().max(20_000).optional() }),
    output: RunRecord,
  },
  'runs.delete': { input: RunRef, output: Ok },
  /** Re-runs a run exactly from its record (same data file, config and seed). */
  'runs.rerun': { input: RunRef, output: z.object({ runId: Id }) },
  'runs.setDir': { input: z.object({ dir: z.string().min(1).max(4096) }), output: RunListing },

  'predict.forecast': { input: z.object({ runId: Id, split: z.enum(['val', 'test']).default('test') }), output: Forecast },
  /** Roll the model forward `steps` from the window ending at row `at` (feeding predictions back). */
  'predict.rollout': { input: z.object({ runId: Id, at: z.number().int().min(0), steps: z.number().int().min(1).max(1000) }), output: Rollout },
  /** Predict from a window the user edited (original units, [step][column] in the run's input columns). */
  'predict.fromWindow': {
    input: z.object({ runId: Id, window: z.array(z.array(z.number())).min(1).max(10_000) }),
    output: Rollout,
  },

  /** Forecast `steps` rows past the end of the data with 80%/95% intervals from the model's backtest errors. */
  'predict.ahead': { input: z.object({ runId: Id, steps: z.number().int().min(1).max(1000) }), output: AheadForecast },
  /** Rolling-origin backtest over the test period: `horizon` steps from every `step`-th origin (the latest `origins`). */
  'predict.backtest': {
    input: z.object({ runId: Id, horizon: z.number().int().min(1).max(1000), step: z.number().int().min(1).default(1), origins: z.number().int().min(1).optional() }),
    output: Backtest,
  },

  'export.model': { input: z.object({ runId: Id, dir: z.string().max(4096).optional() }), output: z.object({ dir: z.string(), files: z.array(z.string()) }) },
  'export.predictions': { input: z.object({ runId: Id, path: z.string().max(4096).optional() }), output: z.object({ path: z.string(), csv: z.string() }) },

  'compare.runs': { input: z.object({ runIds: z.array(Id).min(1).max(20) }), output: Comparison },
  'compare.cells': { input: z.object({ datasetId: Id, config: RunConfig }), output: z.object({ group: Id }) },
  'compare.cellsResult': { input: z.object({ group: Id }), output: CellComparison },
  'sweeps.start': { input: z.object({ datasetId: Id, config: RunConfig, sweep: SweepSpec }), output: SweepState },
  'sweeps.get': { input: z.object({ group: Id }), output: SweepState },
  'sweeps.cancel': { input: z.object({ group: Id }), output: SweepState },
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.infer<Methods[M]['output']>;
export const methodNames = Object.keys(methods) as MethodName[];

/** Events pushed from the backend to every connected renderer. */
export const events = {
  /** A training event of a run (same shape as a metrics.ndjson line). */
  'job.event': z.object({ runId: Id, event: TrainingEvent }),
  /** Something in the run list changed (created, finished, renamed, deleted). */
  'runs.changed': z.object({ runId: Id.optional() }),
  'sweeps.changed': SweepState,
  'compare.cellsChanged': z.object({ group: Id }),
  /** A file was dropped on the desktop window or picked from the menu. */
  'app.openFile': z.object({ path: z.string() }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];

/** Errors cross the boundary as data: a code the UI can branch on and a message a person can act on. */
export const ApiError = z.object({
  code: z.enum(['bad_input', 'not_found', 'conflict', 'internal']),
  message: z.string(),
  /** Where the problem is: a field path, or file/row/column. */
  where: z.string().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

/** The interface the renderer programs against; both hosts provide it. */
export interface StudioApi {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Returns the function that removes the listener. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Parses a method's input; throws a bad_input ApiError naming the offending field. */
export function parseInput<M extends MethodName>(method: M, input: unknown): z.infer<Methods[M]['input']> {
  const schema = methods[method]?.input;
  if (!schema) throw apiError('bad_input', `unknown method ${String(method)}`);
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.join('.') || undefined;
    throw apiError('bad_input', `${String(method)}: ${where ? where + ': ' : ''}${issue?.message ?? 'invalid input'}`, where);
  }
  return result.data as z.infer<Methods[M]['input']>;
}

export class StudioError extends Error {
  constructor(
    readonly code: ApiError['code'],
    message: string,
    readonly where?: string,
  ) {
    super(message);
    this.name = 'StudioError';
  }
  toJSON(): ApiError {
    return { code: this.code, message: this.message, where: this.where };
  }
}

export function apiError(code: ApiError['code'], message: string, where?: string): StudioError {
  return new StudioError(code, message, where);
}

/** Desktop-only abilities (native dialogs); absent in the browser host, where the page uploads files instead. */
export interface DesktopApi {
  pickOpenPath(): Promise<string | null>;
  pickSavePath(defaultName: string): Promise<string | null>;
  pickDirectory(): Promise<string | null>;
  /** Saves bytes the renderer made (a chart's PNG) to a path the user picked. */
  saveBytes(path: string, base64: string): Promise<void>;
}

/** The object the Electron preload puts on `window.studio`: one named function per method and event. */
export type PreloadApi = {
  [M in MethodName as MethodFunctionName<M>]: (input: MethodInput<M>) => Promise<MethodOutput<M>>;
} & {
  [E in EventName as EventFunctionName<E>]: (listener: (payload: EventPayload<E>) => void) => () => void;
} & { desktop: DesktopApi };

type Camel<S extends string> = S extends `${infer A}.${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;
export type MethodFunctionName<M extends string> = Camel<M>;
export type EventFunctionName<E extends string> = `on${Capitalize<Camel<E>>}`;

/** 'datasets.openPath' → 'datasetsOpenPath' */
export function methodFunctionName<M extends MethodName>(method: M): MethodFunctionName<M> {
  return method.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase()) as MethodFunctionName<M>;
}
/** 'job.event' → 'onJobEvent' */
export function eventFunctionName<E extends EventName>(event: E): EventFunctionName<E> {
  const camel = event.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase());
  return `on${camel[0].toUpperCase()}${camel.slice(1)}` as EventFunctionName<E>;
}

/** IPC channel of a method (main process side only; the renderer never sees channel names). */
export const ipcChannel = (method: MethodName): string => `studio:${method}`;
export const ipcEventChannel = (event: EventName): string => `studio-event:${event}`;

/**
 * Frames on the browser host's WebSocket (`/api`). The client numbers its requests; the server
 * answers each once, and pushes events unasked.
 */
export const WireRequest = z.object({ id: z.number().int().min(0), method: z.string().max(100), input: z.unknown() });
export const WireResponse = z.union([
  z.object({ id: z.number().int(), ok: z.literal(true), output: z.unknown() }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: ApiError }),
]);
export const WireEvent = z.object({ event: z.string(), payload: z.unknown() });
export type WireRequest = z.infer<typeof WireRequest>;
export type WireResponse = z.infer<typeof WireResponse>;
export type WireEvent = z.infer<typeof WireEvent>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
