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
import { RunSummary, type Metrics, type RunConfig, type TrainingEvent } from './spec';
import { refitOnTrainAndVal, TrainingJob, type TrainResult } from './train';

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

  // With a refit the run is not over when the first job ends: its final status waits for the refit,
  // so nothing (the app's views) takes the run for finished while its final model is still training.
  let heldStatus: TrainingEvent | undefined;
  const holdFinalStatus = (event: TrainingEvent): void => {
    if (event.type === 'status' && event.status !== 'running' && event.status !== 'paused') heldStatus = event;
    else onEvent(event);
  };

  const save = opts.saveCheckpoint;
  let job: TrainingJob;
  try {
    job = new TrainingJob({
      model,
      spec: config.train,
      train,
      val,
      onEvent: config.train.refit ? holdFinalStatus : onEvent,
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

  const refit = config.train.refit && result.status === 'completed' && result.bestEpoch >= 1 && !control.stopRequested;
  const final = refit ? await refitModel(opts, { model, prepared, epochs: result.bestEpoch, control }) : { model, note: undefined };
  if (heldStatus) onEvent(heldStatus);

  let summary: RunSummary | undefined;
  let message = result.message;
  // Stopped and diverged runs still get a summary from their best weights, once an epoch finished.
  if (result.status !== 'failed' && result.epochs > 0 && Number.isFinite(result.bestValLoss)) {
    try {
      summary = summarise(final.model, prepared, result, season, [seasonChoice.note, final.note].filter((n): n is string => !!n).join(' ') || undefined);
    } catch (err) {
      const why = `the summary could not be computed: ${errorText(err)}`;
      message = message ? `${message}; ${why}` : why;
    }
  }
  return finish(opts, { status: result.status, message, summary, model: final.model, prepared });
}

/**
 * Trains a fresh model on train + validation for the epochs validation chose and makes it the run's
 * model (saved as its checkpoint). If the refit fails or is stopped, the validated model stays.
 */
async function refitModel(
  opts: ExperimentOptions,
  chosen: { model: tf.LayersModel; prepared: PreparedSeries; epochs: number; control: ExperimentControl },
): Promise<{ model: tf.LayersModel; note?: string }> {
  const { config } = opts;
  const { prepared, control } = chosen;
  const refitted = buildModel(config.model, modelDims(prepared), config.train.seed);
  try {
    const outcome = await refitOnTrainAndVal({
      model: refitted,
      spec: config.train,
      epochs: chosen.epochs,
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
      note: `The final model was refitted on train + validation rows for ${chosen.epochs} epochs (the count validation chose), so its validation metrics are in-sample.`,
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

/** Test metrics (and val) for the model and both baselines on the same points, plus training figures. */
export function summarise(model: tf.LayersModel, prepared: PreparedSeries, result: TrainResult, season: number, seasonNote?: string): RunSummary {
  const test = evaluateSegment(model, prepared, 'test', season);
  let val: Evaluation | undefined;
  try {
    val = evaluateSegment(model, prepared, 'val', season);
  } catch {
    val = undefined;
  }
  const notes = [...(seasonNote ? [seasonNote] : []), ...test.notes];
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
    bestValLoss: result.bestValLoss,
    samplesPerSecond: result.samplesPerSecond,
    trainSeconds: result.trainSeconds,
    params: model.countParams(),
    notes,
  };
  const parsed = RunSummary.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the model's ${issue?.path.join('.') ?? 'summary'} is not a finite number (the model predicts NaN or Infinity)`);
  }
  return parsed.data;
}
