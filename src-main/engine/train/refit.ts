/**
 * The final model of a run with `train.refit`: once early stopping on validation has chosen how many
 * epochs help, a fresh model is trained for that many epochs on train + validation windows. Every
 * other forecaster (ETS, ARIMA, a notebook's RNN) learns from all history before the test; without
 * this the model never saw the most recent 15% of it.
 */
import type * as tf from '@tensorflow/tfjs';
import type { TrainSpec } from '../spec';
import { hasLinearShortcut } from './linear-shortcut-fit';
import { TrainingJob } from './training-job';
import type { TrainingBatch, TrainResult } from './types';

/** `first` then `second` as one batch (same window shape), for training on both segments. */
export function joinBatches(first: TrainingBatch, second: TrainingBatch): TrainingBatch {
  const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => i === 0 || v === b[i]);
  if (!same(first.xShape, second.xShape) || !same(first.yShape, second.yShape)) {
    throw new Error(`cannot join windows of shape [${first.xShape}] and [${second.xShape}]`);
  }
  const x = new Float32Array(first.x.length + second.x.length);
  x.set(first.x);
  x.set(second.x, first.x.length);
  const y = new Float32Array(first.y.length + second.y.length);
  y.set(first.y);
  y.set(second.y, first.y.length);
  const count = first.count + second.count;
  return { count, x, xShape: [count, first.xShape[1], first.xShape[2]], y, yShape: [count, ...first.yShape.slice(1)] };
}

/**
 * The refit's training spec: the chosen epoch count, no early stopping (validation is in the training
 * data now). `minimum` 0 lets a model with the linear shortcut refit for no epochs when validation
 * chose its starting point (the linear autoregression, then fitted on train + validation).
 */
export function refitSpec(spec: TrainSpec, epochs: number, minimum = 1): TrainSpec {
  return { ...spec, epochs: Math.max(minimum, epochs), earlyStopping: null, refit: false };
}

export interface RefitOptions {
  /** A freshly built model (same spec and seed as the first); trained in place. */
  model: tf.LayersModel;
  spec: TrainSpec;
  /** Epochs early stopping chose on the first run. */
  epochs: number;
  train: TrainingBatch;
  val: TrainingBatch;
  /** The linear shortcut's ridge strength the first run's validation chose. */
  shortcutRidge?: number;
  /** Lets the caller stop the refit (its pause/resume/stop). */
  attach?: (job: TrainingJob) => void;
}

/**
 * Trains `model` on train + validation for the chosen epochs; the model ends with the last epoch's
 * weights. Its linear shortcut, if any, is fitted on train + validation first (by the TrainingJob).
 */
export async function refitOnTrainAndVal(opts: RefitOptions): Promise<TrainResult> {
  const job = new TrainingJob({
    model: opts.model,
    spec: refitSpec(opts.spec, opts.epochs, hasLinearShortcut(opts.model) ? 0 : 1),
    train: joinBatches(opts.train, opts.val),
    val: opts.val,
    onEvent: () => undefined,
    keepLastWeights: true,
    shortcutRidge: opts.shortcutRidge,
  });
  opts.attach?.(job);
  return job.run();
}
