import type * as tf from '@tensorflow/tfjs';
import type { Metrics, TrainingEvent, TrainSpec } from '../spec';

/**
 * Windows as training needs them — the data area's WindowBatch satisfies this structurally.
 * x is [count, lookback, F] row-major; y has the model's output shape per window.
 */
export interface TrainingBatch {
  count: number;
  x: Float32Array;
  xShape: [number, number, number];
  y: Float32Array;
  yShape: number[];
}

export interface TrainingJobOptions {
  model: tf.LayersModel;
  spec: TrainSpec;
  train: TrainingBatch;
  val: TrainingBatch;
  onEvent: (event: TrainingEvent) => void;
  /**
   * Awaited for each new checkpoint (epoch 0: the untrained model; then each epoch whose validation
   * loss improves on it): the caller saves `model`, which holds that checkpoint's weights.
   */
  onImproved?: (epoch: number, valLoss: number) => Promise<void>;
  /** Validation metrics in original units, computed by the caller after each epoch (with the current weights). */
  valMetrics?: () => Metrics | undefined;
  /**
   * End with the last epoch's weights instead of the best validation epoch's: for a refit whose
   * validation rows are part of its training data, so validation loss no longer picks an epoch.
   */
  keepLastWeights?: boolean;
  /**
   * The linear shortcut's ridge strength, already chosen (a refit reuses its first run's: its
   * validation windows are training data now). Without it, the validation windows choose it.
   */
  shortcutRidge?: number;
}

/** no_improvement: every epoch ran (or early stopping ended it) and none beat the untrained model. */
export type TrainStatus = 'completed' | 'no_improvement' | 'stopped' | 'diverged' | 'failed';

export interface TrainResult {
  status: TrainStatus;
  /** Why training ended early (early stopping, stop request, divergence, error). */
  message?: string;
  /** Epochs that ran to completion. */
  epochs: number;
  /** 1-based epoch whose weights the model holds at the end (0: the initial weights). */
  bestEpoch: number;
  bestValLoss: number;
  samplesPerSecond: number;
  trainSeconds: number;
  /** The ridge strength the linear shortcut was fitted with (models with the shortcut, fitted in closed form). */
  shortcutRidge?: number;
}
