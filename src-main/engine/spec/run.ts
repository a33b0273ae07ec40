import { z } from 'zod';
import { SeriesSpec } from './series';
import { WindowSpec } from './window';
import { ModelSpec } from './model';
import { TrainSpec } from './train';
import { RecurrentCoreId, RecurrentKernel, recurrentKernelNote } from './recurrent-core';

/** Everything needed to repeat a run exactly: the one document behind the GUI, `--config` and run.json. */
export const RunConfig = z.object({
  version: z.literal(1).default(1),
  name: z.string().max(200).optional(),
  series: SeriesSpec,
  window: WindowSpec,
  model: ModelSpec,
  train: TrainSpec,
});
export type RunConfig = z.infer<typeof RunConfig>;
export type RunConfigInput = z.input<typeof RunConfig>;

export const Metrics = z.object({
  mae: z.number(),
  rmse: z.number(),
  mape: z.number(),
  smape: z.number(),
  mase: z.number(),
});
export type Metrics = z.infer<typeof Metrics>;

export const BackendName = z.enum(['tensorflow', 'wasm', 'cpu']);
export type BackendName = z.infer<typeof BackendName>;

export const BackendInfo = z.object({
  name: BackendName,
  native: z.boolean(),
  /** TensorFlow's version for the native backend. */
  tensorflowVersion: z.string().optional(),
  tfjsVersion: z.string(),
  threads: z.number().int().optional(),
  /** Why a faster backend is not active (empty when native). */
  fallbackReason: z.string().optional(),
});
export type BackendInfo = z.infer<typeof BackendInfo>;

/** no_improvement: training ran but no epoch beat the untrained network, whose model was kept. */
export const RunStatus = z.enum(['queued', 'running', 'paused', 'completed', 'no_improvement', 'stopped', 'diverged', 'failed', 'interrupted']);
export type RunStatus = z.infer<typeof RunStatus>;

/** One learning-rate recipe trained on the training rows and scored on validation. */
export const RecipeScore = z.object({
  /** What the recipe is, e.g. "constant lr" or "cosine decay to 1% of lr". */
  name: z.string(),
  /** Validation loss (scaled MSE) after its last epoch; null when it reached no finite one. */
  valLoss: z.number().nullable(),
  /** Epochs it trained: the count chosen on the inner split of the training rows, the same for every recipe. */
  bestEpoch: z.number().int(),
});
export type RecipeScore = z.infer<typeof RecipeScore>;

export const RecipeChoice = z.object({
  chosen: z.string(),
  candidates: z.array(RecipeScore),
});
export type RecipeChoice = z.infer<typeof RecipeChoice>;

export const RunSummary = z.object({
  test: Metrics,
  val: Metrics.optional(),
  baselines: z.object({ naive: Metrics, seasonalNaive: Metrics }),
  /** 1 − model MASE / baseline MASE: positive means the model beats the baseline. */
  skill: z.object({ vsNaive: z.number(), vsSeasonalNaive: z.number() }),
  season: z.number().int(),
  epochs: z.number().int(),
  bestEpoch: z.number().int(),
  /**
   * The model has the linear shortcut: its epoch 0 is the least-squares linear autoregression, a
   * trained model, not an untrained network. Absent in older records (no shortcut).
   */
  linearShortcut: z.boolean().optional(),
  bestValLoss: z.number(),
  samplesPerSecond: z.number(),
  trainSeconds: z.number(),
  params: z.number().int(),
  /** Caveats about the numbers: season detected or absent, MAPE points skipped, MASE scale fallback. */
  notes: z.array(z.string()).optional(),
  /** With train.chooseRecipe: every recipe tried on validation and the one kept. */
  recipe: RecipeChoice.optional(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const RunRecord = z.object({
  version: z.literal(1),
  id: z.string(),
  name: z.string(),
  tags: z.array(z.string()).default([]),
  notes: z.string().default(''),
  createdAt: z.string(),
  updatedAt: z.string(),
  status: RunStatus,
  config: RunConfig,
  data: z.object({ name: z.string(), path: z.string().optional(), sha256: z.string(), rows: z.number().int() }),
  backend: BackendInfo,
  /** The recurrent implementation that trained the model (see recurrentCoreFor); absent in older runs. */
  recurrentCore: RecurrentCoreId.optional(),
  /** A SimpleRNN or GRU on the fused core: which kernel computed its recurrence (absent for other cells and cores). */
  recurrentKernel: RecurrentKernel.optional(),
  /** What older runs recorded instead of recurrentKernel (SimpleRNN only); read both through `recurrentKernelOf`. */
  simpleRnnKernel: RecurrentKernel.optional(),
  versions: z.object({ app: z.string(), tfjs: z.string(), node: z.string(), tensorflow: z.string().optional() }),
  summary: RunSummary.optional(),
  /** Human explanation when status is no_improvement, diverged, failed or stopped. */
  message: z.string().optional(),
  /** Process that owns a running run: a record still 'running' whose owner is gone was interrupted. */
  pid: z.number().int().optional(),
  /** Group the run belongs to (a cell comparison or a sweep). */
  group: z.string().optional(),
});
export type RunRecord = z.infer<typeof RunRecord>;

/** The kernel under a run's recurrence, from this version's field or an older run's. */
export function recurrentKernelOf(run: Pick<RunRecord, 'recurrentKernel' | 'simpleRnnKernel'>): RecurrentKernel | undefined {
  return run.recurrentKernel ?? run.simpleRnnKernel;
}

/** "GRU: rnn-studio-addon" for a run whose record names the kernel under its recurrence. */
export function runKernelNote(run: Pick<RunRecord, 'recurrentKernel' | 'simpleRnnKernel' | 'config'>): string | undefined {
  const kernel = recurrentKernelOf(run);
  return kernel && recurrentKernelNote(run.config.model.cell, kernel);
}
