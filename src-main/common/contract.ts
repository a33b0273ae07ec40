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
  ExportFormat,
  ModelSpec,
  RunConfig,
  RunRecord,
  SegmentPreview,
  LayerShape,
  ModelDescription,
  Forecast,
  Rollout,
  CellComparisonRow,
  CellComparison,
  TrainingEvent,
  WindowSpec,
} from '../engine/spec';

export { LayerShape, ModelDescription, Forecast, Rollout, CellComparisonRow, CellComparison };

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
  /** Largest file the browser host's streamed upload takes (absent where there is no streamed upload). */
  maxUploadBytes: z.number().int().min(1).optional(),
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


/** A problem with a spec, pointing at the field that caused it. */
export const FieldError = z.object({ path: z.string(), message: z.string() });
export const Validation = z.object({
  ok: z.boolean(),
  errors: z.array(FieldError),
  description: ModelDescription.optional(),
  /** Given a dataset: the rows and windows each segment will really use (the split preview shows these). */
  segments: SegmentPreview.optional(),
});
export type Validation = z.infer<typeof Validation>;

export const RunListing = z.object({
  runs: z.array(RunRecord),
  /** Folders in the runs directory that are not readable runs: reported, skipped. */
  skipped: z.array(z.object({ folder: z.string(), reason: z.string() })),
});
export type RunListing = z.infer<typeof RunListing>;



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
      /** Batches whose gradients were clipped, per epoch. */
      clipEvents: z.array(z.number()).optional(),
      /** Per layer: mean gradient norm (before clipping) of the epoch's logged batches. */
      layerGradNorms: z.record(z.string(), z.array(z.number().nullable())).optional(),
    }),
  ),
});
export type Comparison = z.infer<typeof Comparison>;


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

/**
 * An upload travels as one base64 string in one WebSocket frame: 64 MiB of base64 is a 48 MiB file.
 * The browser host's frame limit is this plus room for the JSON around it; a larger frame closes
 * the socket (1009) before it is buffered further.
 */
export const MAX_UPLOAD_BASE64_CHARS = 64 * 1024 * 1024;
export const MAX_UPLOAD_FILE_BYTES = (MAX_UPLOAD_BASE64_CHARS / 4) * 3;
export const MAX_FRAME_BYTES = MAX_UPLOAD_BASE64_CHARS + 64 * 1024;

/**
 * The browser host's streamed upload: `POST /upload?name=<file name>` with the file's bytes as the body
 * (same token cookie, Host and Origin checks as the page). The host writes the body straight to a file
 * in its data folder and answers with an UploadReceipt; `datasets.openUpload` then opens that file.
 */
export const UPLOAD_PATH = '/upload';
/** The browser host's default upload limit; `npm run web -- --max-upload-mb N` changes it. */
export const DEFAULT_MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
const UploadId = z.string().regex(/^[0-9a-f]{16}$/, 'an upload id is the 16 hex digits the upload answered with');
export const UploadReceipt = z.object({
  uploadId: UploadId,
  /** The file name as saved (made safe for the file system). */
  name: z.string().min(1).max(255),
  bytes: z.number().int().min(1),
});
export type UploadReceipt = z.infer<typeof UploadReceipt>;

/** The one queue of training jobs: at most maxWorkers train at once, the rest wait in order. */
export const JobQueue = z.object({
  maxWorkers: z.number().int().min(1),
  running: z.array(Id),
  /** Waiting runs, next to start first: position = index + 1. */
  queued: z.array(Id),
});
export type JobQueue = z.infer<typeof JobQueue>;

export const ExportedModel = z.object({ dir: z.string(), files: z.array(z.string()) });
export const ExportedPredictions = z.object({ path: z.string(), csv: z.string() });

/**
 * What the analyst was doing with one dataset: the configuration being edited and each view's
 * choices (Playground's "from row", Export's list, the chosen cell…), as the views left them.
 */
export const DatasetWorkState = z.object({
  /** The RunConfig being edited; checked against the schema when it is restored, not here. */
  config: z.unknown().optional(),
  /** view or panel name → its choices (small JSON). */
  views: z.record(z.string().max(40), z.unknown()).default({}),
});
export type DatasetWorkState = z.infer<typeof DatasetWorkState>;

/** The working session, kept by the backend in its data folder: survives a reload and a restart. */
export const WorkSession = z.object({
  /** The open dataset (the backend reopens its file). */
  dataset: DatasetSummary.optional(),
  /** Why the last dataset could not be reopened (file moved or changed). */
  datasetProblem: z.string().optional(),
  /** That dataset's working state. */
  state: DatasetWorkState.optional(),
  view: z.string().max(40).optional(),
  /** The run Playground and Export act on. */
  runId: Id.optional(),
});
export type WorkSession = z.infer<typeof WorkSession>;

/** Request/response pairs. The key is the method's name on every side. */
export const methods = {
  'app.info': { input: Empty, output: AppInfo },

  /** Desktop only: a file the user picked in a native dialog, dropped on the window or opened from the menu. */
  'datasets.openPath': { input: z.object({ path: z.string().min(1).max(4096) }), output: DatasetSummary },
  /** A file the user picked or dropped in a browser: its bytes travel as base64. */
  'datasets.upload': {
    input: z.object({ name: z.string().min(1).max(255), base64: z.string().max(MAX_UPLOAD_BASE64_CHARS) }),
    output: DatasetSummary,
  },
  /** Opens a file the browser host's streamed upload (UPLOAD_PATH) saved in the data folder. */
  'datasets.openUpload': { input: z.object({ uploadId: UploadId, name: z.string().min(1).max(255) }), output: DatasetSummary },
  'datasets.openSample': { input: Empty, output: DatasetSummary },
  'datasets.rows': {
    input: z.object({ datasetId: Id, offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) }),
    output: RowsPage,
  },
  'datasets.series': {
    input: z.object({
      datasetId: Id,
      columns: z.array(z.string()).min(1).max(32),
      maxPoints: z.number().int().min(10).max(20_000).default(2000),
      /** Only rows fromRow … toRow - 1 (a zoomed chart's range); the whole series when absent. */
      fromRow: z.number().int().min(0).optional(),
      toRow: z.number().int().min(1).optional(),
    }),
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
  /** Stops a training run, or takes a queued one out of the queue (it is then `stopped`, never started). */
  'jobs.stop': { input: RunRef, output: Ok },
  'jobs.queue': { input: Empty, output: JobQueue },

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
  /**
   * Roll forward from a table row (`row`, 1-based as the Rows preview numbers it; a row dropped for missing
   * values stands for the next kept one) or from a series row (`at`, 0-based, as `Forecast.index` gives it).
   */
  'predict.rollout': {
    input: z
      .object({ runId: Id, at: z.number().int().min(0).optional(), row: z.number().int().min(1).optional(), steps: z.number().int().min(1).max(1000) })
      .refine((i) => (i.at === undefined) !== (i.row === undefined), { message: 'give either row (the table row) or at (the series row), not both', path: ['row'] }),
    output: Rollout,
  },
  /** Predict from a window the user edited (original units, [step][column] in the run's input columns). */
  'predict.fromWindow': {
    /** `at`: the data row the window ends at (default the last), so known-in-advance features take that row's future values. */
    input: z.object({ runId: Id, window: z.array(z.array(z.number())).min(1).max(10_000), at: z.number().int().min(0).optional() }),
    output: Rollout,
  },

  /** Forecast `steps` rows past the end of the data with 80%/95% intervals from the model's backtest errors. */
  'predict.ahead': {
    input: z.object({
      runId: Id,
      steps: z.number().int().min(1).max(1000),
      /** Future values of the run's features: a CSV the user uploaded (one row per future step, columns named like the features). */
      future: z.object({ name: z.string().min(1).max(260), text: z.string().max(20_000_000) }).optional(),
    }),
    output: AheadForecast,
  },
  /** Rolling-origin backtest over the test period: `horizon` steps from every `step`-th origin (the latest `origins`). */
  'predict.backtest': {
    input: z.object({ runId: Id, horizon: z.number().int().min(1).max(1000), step: z.number().int().min(1).default(1), origins: z.number().int().min(1).optional() }),
    output: Backtest,
  },

  /** Into the run's own export/<format> folder (tfjs: export/model); a `dir` is refused, see export.modelTo. */
  'export.model': { input: RunRef.extend({ format: ExportFormat.default('tfjs') }).strict(), output: ExportedModel },
  /** Into the run's own `export/predictions.csv`; the CSV is also returned so a browser can download it. */
  'export.predictions': { input: RunRef.strict(), output: ExportedPredictions },
  /** Desktop only: into a folder the user picked in a native dialog (Keras/ONNX into a new `<dir>/<runId>-<format>`). */
  'export.modelTo': { input: z.object({ runId: Id, format: ExportFormat.default('tfjs'), dir: z.string().min(1).max(4096) }), output: ExportedModel },
  /** Desktop only: to a file the user picked in a native save dialog. */
  'export.predictionsTo': { input: z.object({ runId: Id, path: z.string().min(1).max(4096) }), output: ExportedPredictions },

  'session.get': { input: Empty, output: WorkSession },
  /** Records what changed: the open dataset, the view, the current run (null: none), a dataset's working state. */
  'session.save': {
    input: z.object({
      datasetId: Id.optional(),
      view: z.string().max(40).optional(),
      runId: Id.nullable().optional(),
      state: z.object({ datasetId: Id, value: DatasetWorkState }).optional(),
    }),
    output: Ok,
  },
  /** The saved working state of a dataset (empty for one never worked on). */
  'session.datasetState': { input: z.object({ datasetId: Id }), output: DatasetWorkState },

  'compare.runs': { input: z.object({ runIds: z.array(Id).min(1).max(20) }), output: Comparison },
  'compare.cells': { input: z.object({ datasetId: Id, config: RunConfig }), output: z.object({ group: Id }) },
  'compare.cellsResult': { input: z.object({ group: Id }), output: CellComparison },
  'sweeps.start': { input: z.object({ datasetId: Id, config: RunConfig, sweep: SweepSpec }), output: SweepState },
  'sweeps.get': { input: z.object({ group: Id }), output: SweepState },
  'sweeps.cancel': { input: z.object({ group: Id }), output: SweepState },
} as const;

/**
 * Methods that take a path on the backend's disk from the page. Electron offers them behind its
 * native dialogs (the path is what the user picked); the browser host does not offer them at all:
 * a page holding its token could otherwise read or overwrite any file the user can. The browser
 * uploads files instead and exports into the run's own folder.
 */
export const desktopOnlyMethods = ['datasets.openPath', 'export.modelTo', 'export.predictionsTo'] as const satisfies readonly (keyof typeof methods)[];

/** Whether a host's adapter offers a method to its page. */
export function hostOffers(host: 'electron' | 'browser', method: MethodName): boolean {
  return host === 'electron' || !(desktopOnlyMethods as readonly string[]).includes(method);
}

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
  /** A job started, finished or joined or left the queue. */
  'jobs.queueChanged': JobQueue,
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
  /** The run-config field a person would change to fix it (`window.lookback`, `series.target.0`): the views place the message there. */
  field: z.string().optional(),
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
    // A request's run configuration travels as `config`: its paths are the form's fields.
    const field = where?.startsWith('config.') ? where.slice('config.'.length) : undefined;
    throw apiError('bad_input', `${String(method)}: ${where ? where + ': ' : ''}${issue?.message ?? 'invalid input'}`, where, field);
  }
  return result.data as z.infer<Methods[M]['input']>;
}

export class StudioError extends Error {
  constructor(
    readonly code: ApiError['code'],
    message: string,
    readonly where?: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'StudioError';
  }
  toJSON(): ApiError {
    return { code: this.code, message: this.message, where: this.where, ...(this.field === undefined ? {} : { field: this.field }) };
  }
}

export function apiError(code: ApiError['code'], message: string, where?: string, field?: string): StudioError {
  return new StudioError(code, message, where, field);
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
