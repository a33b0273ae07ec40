/**
 * One run end to end: table + RunConfig → prepared series → model → training (live events,
 * checkpoints) → evaluation on the test segment against both baselines → RunSummary.
 *
 * Errors before training starts (bad data, impossible window) are thrown, so the caller can report
 * them with their location; anything after that ends as a result with a status and a `done` event.
 */
import type * as tf from '@tensorflow/tfjs';
import { emptySegmentProblem } from './check-run-config';
import { ConfigError } from './config-error';
import { prepareSeries, type PreparedSeries, type PreprocessingRecord, type Table } from './data';
import { baselineLosses, skillScore, type Evaluation } from './metrics';
import { buildModel, type ModelDims } from './model';
import { evaluateSegment, seasonOf } from './predict';
import { recipeCandidates, recipeName, RunSummary, type Metrics, type RecipeChoice, type RunConfig, type TrainingEvent, type TrainSpec } from './spec';
import { chooseRecipe, hasLinearShortcut, INNER_VALIDATION_SHARE, refitOnTrainAndVal, splitLastWindows, TrainingJob, type TrainResult } from './train';

export type ExperimentStatus = TrainResult['status'];

export interface ExperimentResult {
  status: ExperimentStatus;
  message?: string;
  summary?: RunSummary;
  /** Holds the best weights; the caller disposes it. */
  model: tf.LayersModel;
  prepared: PreparedSeries;
}

export interface ExperimentOptions {
  table: Table;
  config: RunConfig;
  onEvent: (event: TrainingEvent) => void;
  control?: ExperimentControl;
  /** Called whenever validation loss improves; save `model` (it holds the improved weights now). */
  saveCheckpoint?: (model: tf.LayersModel, preprocessing: PreprocessingRecord) => Promise<void>;
}

interface Controllable {
  pause(): void;
  resume(): void;
  stop(): void;
}

/**
 * Pause/resume/stop handed to the caller before the training job exists (data preparation takes a
 * moment); requests made early are replayed onto the job when it starts.
 */
export class ExperimentControl {
  private job: Controllable | undefined;
  private paused = false;
  private stopped = false;

  pause(): void {
    this.paused = true;
    this.job?.pause();
  }

  resume(): void {
    this.paused = false;
    this.job?.resume();
  }

  stop(): void {
    this.stopped = true;
    this.job?.stop();
  }

  get stopRequested(): boolean {
    return this.stopped;
  }

  attach(job: Controllable): void {
    this.job = job;
    if (this.stopped) job.stop();
    else if (this.paused) job.pause();
  }

  detach(): void {
    this.job = undefined;
  }
}

export function modelDims(prepared: PreparedSeries): ModelDims {
  return {
    lookback: prepared.window.lookback,
    horizon: prepared.window.horizon,
    inputFeatures: prepared.inputColumns.length,
    targets: prepared.targets.length,
  };
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function runExperiment(opts: ExperimentOptions): Promise<ExperimentResult> {
  const { table, config, onEvent } = opts;
  const control = opts.control ?? new ExperimentControl();
  const prepared = prepareSeries(table, config.series, config.window, config.model.topology);
  const empty = emptySegmentProblem(prepared, config);
  if (empty) throw new ConfigError(empty.message, empty.path);
  const train = prepared.windows('train');
  const val = prepared.windows('val');
  const seasonChoice = seasonOf(prepared, config.series.season);
  const season = seasonChoice.season;
  const model = buildModel(config.model, modelDims(prepared), config.train.seed);

  try {
    const baseline = baselineLosses(prepared, val, season);
    onEvent({ type: 'baseline', naiveValLoss: baseline.naive, seasonalNaiveValLoss: baseline.seasonalNaive, season });
  } catch (err) {
    model.dispose();
    throw err;
  }

  // With a refit or a recipe choice the run is not over when the first job ends: its final status
  // waits for them, so nothing (the app's views) takes the run for finished while its final model is
  // still training.
  let heldStatus: TrainingEvent | undefined;
  const holdFinalStatus = (event: TrainingEvent): void => {
    if (event.type === 'status' && event.status !== 'running' && event.status !== 'paused') heldStatus = event;
    else onEvent(event);
  };
  const holding = config.train.refit || config.train.chooseRecipe;

  const save = opts.saveCheckpoint;
  let job: TrainingJob;
  try {
    job = new TrainingJob({
      model,
      spec: config.train,
      train,
      val,
      onEvent: holding ? holdFinalStatus : onEvent,
      onImproved: save ? () => save(model, prepared.preprocessing) : undefined,
      valMetrics: () => validationMetrics(model, prepared, season),
    });
  } catch (err) {
    model.dispose();
    throw err;
  }
  control.attach(job);
  let result: TrainResult;
  try {
    result = await job.run();
  } catch (err) {
    control.detach();
    if (heldStatus) onEvent(heldStatus);
    return finish(opts, { status: 'failed', message: `training failed: ${errorText(err)}`, model, prepared });
  }
  control.detach();

  let chosen = { model, result, spec: config.train, recipe: undefined as RecipeChoice | undefined };
  const triesRecipes = config.train.chooseRecipe && result.status === 'completed' && !control.stopRequested;
  if (triesRecipes) chosen = await chooseRecipeOnValidation(opts, { ...chosen, prepared, control });

  // With the linear shortcut, epoch 0 (the linear autoregression) is a trained model too: refitting it is fitting it on train + validation.
  const refitEpochs = chosen.result.bestEpoch >= 1 || config.model.linearShortcut;
  const refit = config.train.refit && chosen.result.status === 'completed' && refitEpochs && !control.stopRequested;
  const final = refit
    ? await refitModel(opts, { model: chosen.model, spec: chosen.spec, prepared, epochs: chosen.result.bestEpoch, shortcutRidge: chosen.result.shortcutRidge, control })
    : { model: chosen.model, note: undefined };
  if (heldStatus) onEvent(heldStatus);
  result = chosen.result;

  let summary: RunSummary | undefined;
  let message = result.message;
  // Stopped and diverged runs still get a summary from their best weights, once an epoch finished.
  if (result.status !== 'failed' && result.epochs > 0 && Number.isFinite(result.bestValLoss)) {
    try {
      summary = summarise(final.model, prepared, result, season, [seasonChoice.note, final.note].filter((n): n is string => !!n).join(' ') || undefined, chosen.recipe);
    } catch (err) {
      const why = `the summary could not be computed: ${errorText(err)}`;
      message = message ? `${message}; ${why}` : why;
    }
  }
  return finish(opts, { status: result.status, message, summary, model: final.model, prepared });
}

/** Fewer training windows leave no inner validation worth choosing an epoch count on. */
const MIN_WINDOWS_TO_COMPARE = 8;

interface TrainedRecipe {
  model: tf.LayersModel;
  result: TrainResult;
  spec: TrainSpec;
  recipe: RecipeChoice | undefined;
}

/**
 * train.chooseRecipe, scored as the refit trains: the epoch count is chosen with the run's own recipe
 * on an inner split of the training rows (its last share as validation); then every recipe trains a
 * fresh model (same seed) on all training rows for that many epochs, its schedule spanning them, and
 * is scored by the validation loss of its last epoch. No recipe's score is the minimum over epochs
 * (which would favour the recipe that chose them), and a cosine decay is judged fully decayed, as in
 * the refit. chooseRecipe keeps the better; the refit then uses its schedule for the epoch count the
 * run chose. Trained quietly: the live chart shows the run's own recipe.
 */
async function chooseRecipeOnValidation(
  opts: ExperimentOptions,
  first: TrainedRecipe & { prepared: PreparedSeries; control: ExperimentControl },
): Promise<TrainedRecipe> {
  const { config } = opts;
  const { prepared, control } = first;
  const schedules = recipeCandidates(config.train.schedule);
  const train = prepared.windows('train');
  const val = prepared.windows('val');
  const quiet = { ...config.train, refit: false, chooseRecipe: false };

  if (train.count < MIN_WINDOWS_TO_COMPARE) return first;
  const inner = splitLastWindows(train, INNER_VALIDATION_SHARE);
  const innerModel = buildModel(config.model, modelDims(prepared), config.train.seed);
  let innerResult: TrainResult | undefined;
  try {
    const job = new TrainingJob({ model: innerModel, spec: { ...quiet, schedule: schedules[0] }, train: inner.head, val: inner.tail, onEvent: () => undefined });
    control.attach(job);
    innerResult = await job.run();
  } catch {
    innerResult = undefined;
  } finally {
    control.detach();
    innerModel.dispose();
  }
  // Without an epoch count from the inner split there is nothing to compare: the run's recipe stays.
  if (innerResult?.status !== 'completed' || control.stopRequested) return first;
  const epochs = Math.max(1, innerResult.bestEpoch);

  const tried: { model: tf.LayersModel; valLoss: number | null }[] = [];
  for (const schedule of schedules) {
    const model = buildModel(config.model, modelDims(prepared), config.train.seed);
    let lastValLoss = Number.NaN;
    try {
      const job = new TrainingJob({
        model,
        spec: { ...quiet, schedule, epochs, earlyStopping: null },
        train,
        val,
        onEvent: (event) => {
          if (event.type === 'epoch') lastValLoss = event.valLoss;
        },
        keepLastWeights: true,
      });
      control.attach(job);
      const result = await job.run();
      tried.push({ model, valLoss: result.status === 'completed' || result.status === 'no_improvement' ? lastValLoss : null });
    } catch {
      tried.push({ model, valLoss: null });
    } finally {
      control.detach();
    }
  }
  const scored = schedules.map((schedule, i) => ({
    name: recipeName(schedule),
    valLoss: tried[i] && Number.isFinite(tried[i].valLoss) ? tried[i].valLoss : null,
    bestEpoch: epochs,
  }));
  const winner = control.stopRequested ? 0 : chooseRecipe(scored, config.train.earlyStopping?.minRelativeDelta ?? 0);
  const recipe = { chosen: scored[winner].name, candidates: scored };
  tried.forEach((t, i) => {
    if (i !== winner || winner === 0) t.model.dispose();
  });
  if (winner === 0) return { ...first, recipe };
  // The alternative's model stands in for the run's until the refit replaces it (or if there is none).
  first.model.dispose();
  const kept = tried[winner].model;
  if (!config.train.refit) await opts.saveCheckpoint?.(kept, prepared.preprocessing);
  return { model: kept, result: { ...first.result, bestValLoss: scored[winner].valLoss ?? first.result.bestValLoss }, spec: { ...config.train, schedule: schedules[winner] }, recipe };
}

/**
 * Trains a fresh model on train + validation for the epochs validation chose and makes it the run's
 * model (saved as its checkpoint). If the refit fails or is stopped, the validated model stays.
 */
async function refitModel(
  opts: ExperimentOptions,
  chosen: { model: tf.LayersModel; spec: TrainSpec; prepared: PreparedSeries; epochs: number; shortcutRidge?: number; control: ExperimentControl },
): Promise<{ model: tf.LayersModel; note?: string }> {
  const { config } = opts;
  const { prepared, control } = chosen;
  const refitted = buildModel(config.model, modelDims(prepared), config.train.seed);
  try {
    const outcome = await refitOnTrainAndVal({
      model: refitted,
      spec: chosen.spec,
      epochs: chosen.epochs,
      shortcutRidge: chosen.shortcutRidge,
      train: prepared.windows('train'),
      val: prepared.windows('val'),
      attach: (job) => control.attach(job),
    });
    control.detach();
    if (outcome.status !== 'completed') throw new Error(outcome.message ?? `it ended ${outcome.status}`);
    await opts.saveCheckpoint?.(refitted, prepared.preprocessing);
    chosen.model.dispose();
    return {
      model: refitted,
      note:
        chosen.epochs === 0
          ? 'The final model is the linear autoregression refitted on train + validation rows (validation chose it over every trained epoch), so its validation metrics are in-sample.'
          : `The final model was refitted on train + validation rows for ${chosen.epochs} epochs (the count validation chose), so its validation metrics are in-sample.`,
    };
  } catch (err) {
    control.detach();
    refitted.dispose();
    return { model: chosen.model, note: `The refit on train + validation did not finish (${errorText(err)}); the model chosen on validation was kept.` };
  }
}

/** Validation metrics in original units for the epoch event; none while the model predicts non-finite values. */
function validationMetrics(model: tf.LayersModel, prepared: PreparedSeries, season: number): Metrics | undefined {
  try {
    const metrics = evaluateSegment(model, prepared, 'val', season).model.metrics;
    return Object.values(metrics).every(Number.isFinite) ? metrics : undefined;
  } catch {
    // A diverging model can make the inverse transforms fail; the job itself reports the divergence.
    return undefined;
  }
}

function finish(opts: ExperimentOptions, result: ExperimentResult): ExperimentResult {
  opts.onEvent({ type: 'done', status: result.status, message: result.message, summary: result.summary });
  return result;
}

/** What validation chose for the linear shortcut, in words a run's notes can carry. */
export function describeShortcutRidge(ridge: number): string {
  return Number.isFinite(ridge)
    ? `Linear shortcut: ridge ${ridge} per window on standardised lags, the strength that predicted the validation windows best.`
    : 'Linear shortcut: validation chose no autoregression; the shortcut is the mean of the training targets (a drift, on differenced data) and the network learns the rest.';
}

/** Test metrics (and val) for the model and both baselines on the same points, plus training figures. */
export function summarise(model: tf.LayersModel, prepared: PreparedSeries, result: TrainResult, season: number, seasonNote?: string, recipe?: RecipeChoice): RunSummary {
  const test = evaluateSegment(model, prepared, 'test', season);
  let val: Evaluation | undefined;
  try {
    val = evaluateSegment(model, prepared, 'val', season);
  } catch {
    val = undefined;
  }
  const notes = [...(seasonNote ? [seasonNote] : []), ...test.notes, ...(result.shortcutRidge === undefined ? [] : [describeShortcutRidge(result.shortcutRidge)])];
  const candidate = {
    test: test.model.metrics,
    val: val?.model.metrics,
    baselines: { naive: test.naive.metrics, seasonalNaive: test.seasonalNaive.metrics },
    skill: {
      vsNaive: skillScore(test.model.metrics, test.naive.metrics),
      vsSeasonalNaive: skillScore(test.model.metrics, test.seasonalNaive.metrics),
    },
    season,
    epochs: result.epochs,
    bestEpoch: result.bestEpoch,
    ...(hasLinearShortcut(model) ? { linearShortcut: true } : {}),
    bestValLoss: result.bestValLoss,
    samplesPerSecond: result.samplesPerSecond,
    trainSeconds: result.trainSeconds,
    params: model.countParams(),
    notes,
    ...(recipe ? { recipe } : {}),
  };
  const parsed = RunSummary.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the model's ${issue?.path.join('.') ?? 'summary'} is not a finite number (the model predicts NaN or Infinity)`);
  }
  return parsed.data;
}
