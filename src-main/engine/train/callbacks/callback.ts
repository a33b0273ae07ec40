/**
 * The training loop's extension points, in the manner of Keras and Darts callbacks: the loop runs
 * batches and epochs, and everything that watches or steers a run (keeping the best weights,
 * early stopping, learning-rate plateaus, overfitting and gradient warnings) is a small callback.
 */
import type * as tf from '@tensorflow/tfjs';
import type { TrainingEvent, TrainSpec } from '../../spec';

export interface TrainingContext {
  readonly model: tf.LayersModel;
  readonly spec: TrainSpec;
  emit(event: TrainingEvent): void;
  /** Ends the run once the current epoch's callbacks have run; `message` says why. */
  requestStop(message: string): void;
}

export interface BatchEnd {
  epoch: number;
  step: number;
  gradNorm: number;
  layerGradNorms: Record<string, number>;
}

export interface EpochEnd {
  epoch: number;
  trainLoss: number;
  valLoss: number;
}

export interface TrainEnd {
  /** Leave the model with its last epoch's weights instead of the checkpoint's (a refit's final model). */
  keepLastWeights: boolean;
}

export interface TrainingCallback {
  /** Before the first batch, with the untrained model's validation loss (NaN or ∞ when it has none). */
  onTrainBegin?(initialValLoss: number): Promise<void> | void;
  onBatchEnd?(batch: BatchEnd): void;
  /** After an epoch's validation; callbacks run in the order the loop lists them. */
  onEpochEnd?(epoch: EpochEnd): Promise<void> | void;
  /** Always called, also after an error: release what the callback holds. */
  onTrainEnd?(end: TrainEnd): void;
}
