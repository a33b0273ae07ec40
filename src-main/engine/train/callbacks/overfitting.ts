import type { EpochEnd, TrainingCallback, TrainingContext } from './callback';

/** Epochs in a row with rising validation loss and falling training loss before we call it overfitting. */
export const OVERFITTING_EPOCHS = 3;

/** Warns once when validation loss keeps rising while training loss keeps falling. */
export class OverfittingWatch implements TrainingCallback {
  private streak = 0;
  private warned = false;
  private previous: { trainLoss: number; valLoss: number } | undefined;

  constructor(private readonly ctx: TrainingContext) {}

  onEpochEnd({ epoch, trainLoss, valLoss }: EpochEnd): void {
    const previous = this.previous;
    this.streak = previous && valLoss > previous.valLoss && trainLoss < previous.trainLoss ? this.streak + 1 : 0;
    this.previous = { trainLoss, valLoss };
    if (this.streak < OVERFITTING_EPOCHS || this.warned) return;
    this.warned = true;
    this.ctx.emit({
      type: 'warning',
      kind: 'overfitting',
      epoch,
      message: `Possible overfitting at epoch ${epoch}: validation loss rose for ${this.streak} epochs while training loss fell. Early stopping keeps the best epoch; more dropout, L2 or a smaller model may help.`,
    });
  }
}
