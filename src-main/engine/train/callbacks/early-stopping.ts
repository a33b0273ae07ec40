import type { TrainingCallback, TrainingContext } from './callback';
import type { Checkpoint } from './checkpoint';

/**
 * Ends the run once `patience` epochs in a row have not produced a new checkpoint, never before epoch
 * `notBefore` (the minimum training of a model whose checkpoint may still be epoch 0, see TrainingJob).
 */
export class EarlyStopping implements TrainingCallback {
  constructor(
    private readonly ctx: TrainingContext,
    private readonly patience: number,
    private readonly checkpoint: Checkpoint,
    private readonly notBefore = 0,
  ) {}

  onEpochEnd({ epoch }: { epoch: number }): void {
    if (epoch < this.notBefore) return;
    const waited = this.checkpoint.sinceImproved;
    if (waited < this.patience) return;
    this.ctx.requestStop(`Early stopping at epoch ${epoch}: no validation improvement for ${waited} epochs; the weights of ${this.checkpoint.describeBest()} were kept.`);
  }
}
