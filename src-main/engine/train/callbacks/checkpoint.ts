import * as tf from '@tensorflow/tfjs';
import { restoreWeights, snapshotWeights } from '../model-variables';
import type { EpochEnd, TrainEnd, TrainingCallback, TrainingContext } from './callback';

/**
 * The one definition of "best": the untrained model is checkpoint 0, and an epoch becomes the
 * checkpoint when its validation loss beats the last one by more than `minDelta` (and, against a
 * trained checkpoint, by more than `minRelativeDelta` of it). Each checkpoint
 * is snapshotted, handed to `save` and announced with a `checkpoint` event; at the end the model
 * gets the checkpoint's weights back.
 *
 * With `minEpochs` > 0, epochs before it are not candidates, and the first epoch at or after it
 * replaces the untrained network unless its validation loss is over twice the untrained one's: a
 * small shortfall on a short validation segment is noise (the untrained network's near-mean forecast
 * wins it by chance), a large one means training went wrong and the run ends no_improvement.
 */
const UNTRAINED_TOLERANCE = 2;

export class Checkpoint implements TrainingCallback {
  /** 0 while no epoch has beaten the untrained model. */
  bestEpoch = 0;
  bestValLoss = Number.POSITIVE_INFINITY;
  /** Epochs finished since the last checkpoint. */
  sinceImproved = 0;
  private best: tf.Tensor[] = [];

  constructor(
    private readonly ctx: TrainingContext,
    private readonly minDelta: number,
    private readonly save?: (epoch: number, valLoss: number) => Promise<void>,
    private readonly minEpochs = 0,
    private readonly minRelativeDelta = 0,
    /** What epoch 0 is, for messages: the untrained model, or the linear autoregression a model with the shortcut starts as. */
    private readonly initialLabel = 'the untrained model',
  ) {}

  /** Whether `epoch` with `valLoss` becomes the new checkpoint. */
  isImprovement(valLoss: number, epoch = Number.POSITIVE_INFINITY): boolean {
    if (epoch < this.minEpochs) return false;
    if (this.minEpochs > 0 && this.bestEpoch === 0) return Number.isFinite(valLoss) && valLoss < UNTRAINED_TOLERANCE * this.bestValLoss - this.minDelta;
    return valLoss < this.bestValLoss - this.minDelta && (this.bestEpoch === 0 || valLoss < this.bestValLoss * (1 - this.minRelativeDelta));
  }


  async onTrainBegin(initialValLoss: number): Promise<void> {
    this.best = snapshotWeights(this.ctx.model);
    // An untrained model that already predicts NaN is nothing to keep: the first finite epoch will be.
    if (Number.isFinite(initialValLoss)) await this.keep(0, initialValLoss);
  }

  async onEpochEnd({ epoch, valLoss }: EpochEnd): Promise<void> {
    if (!this.isImprovement(valLoss, epoch)) {
      this.sinceImproved++;
      return;
    }
    tf.dispose(this.best);
    this.best = snapshotWeights(this.ctx.model);
    this.sinceImproved = 0;
    await this.keep(epoch, valLoss);
  }

  /** Puts the checkpoint's weights back into the model (unless told to keep the last ones) and frees the snapshot. */
  onTrainEnd({ keepLastWeights }: TrainEnd): void {
    if (this.best.length && !keepLastWeights) restoreWeights(this.ctx.model, this.best);
    tf.dispose(this.best);
    this.best = [];
  }

  /** "epoch 3" or "the untrained model", for messages. */
  describeBest(): string {
    return this.bestEpoch === 0 ? this.initialLabel : `epoch ${this.bestEpoch}`;
  }

  private async keep(epoch: number, valLoss: number): Promise<void> {
    this.bestEpoch = epoch;
    this.bestValLoss = valLoss;
    if (this.save) await this.save(epoch, valLoss);
    this.ctx.emit({ type: 'checkpoint', epoch, valLoss });
  }
}
