import type { ScheduleSpec } from '../../spec';
import { initialPlateauState, learningRateForEpoch, plateauStep, type PlateauState } from '../schedules';
import type { EpochEnd, TrainingCallback, TrainingContext } from './callback';

/** The learning rate of each epoch: a pure function of the epoch, or (plateau) of the validation history. */
export class LearningRate implements TrainingCallback {
  private plateau: PlateauState;

  constructor(
    private readonly ctx: TrainingContext,
    private readonly schedule: ScheduleSpec,
    private readonly baseLr: number,
    private readonly epochs: number,
  ) {
    this.plateau = initialPlateauState(baseLr);
  }

  /** For the 1-based epoch about to start. */
  rateFor(epoch: number): number {
    return this.schedule.kind === 'plateau' ? this.plateau.lr : learningRateForEpoch(this.schedule, this.baseLr, epoch - 1, this.epochs);
  }

  onEpochEnd({ epoch, valLoss }: EpochEnd): void {
    const schedule = this.schedule;
    if (schedule.kind !== 'plateau') return;
    const next = plateauStep(this.plateau, valLoss, schedule);
    if (next.reduced) {
      this.ctx.emit({ type: 'warning', kind: 'plateau', epoch, message: `Validation loss has not improved for ${schedule.patience} epochs: learning rate lowered from ${this.plateau.lr.toPrecision(3)} to ${next.lr.toPrecision(3)}.` });
    }
    this.plateau = next;
  }
}
