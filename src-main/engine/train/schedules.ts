/**
 * Learning-rate schedules as pure functions of the epoch. The plateau schedule depends on the
 * validation history, so it is a pure state step instead.
 */
import type { ScheduleSpec } from '../spec';

/** The learning rate for a 0-based epoch; the plateau schedule starts from `baseLr` (see plateauStep). */
export function learningRateForEpoch(schedule: ScheduleSpec, baseLr: number, epoch: number, totalEpochs: number): number {
  switch (schedule.kind) {
    case 'constant':
    case 'plateau':
      return baseLr;
    case 'step':
      return baseLr * Math.pow(schedule.gamma, Math.floor(epoch / schedule.every));
    case 'cosine': {
      const minLr = baseLr * schedule.minFactor;
      const progress = totalEpochs <= 1 ? 0 : Math.min(1, epoch / (totalEpochs - 1));
      return minLr + (baseLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
  }
}

export interface PlateauState {
  lr: number;
  bestLoss: number;
  /** Epochs since the validation loss last improved. */
  wait: number;
}

export function initialPlateauState(baseLr: number): PlateauState {
  return { lr: baseLr, bestLoss: Number.POSITIVE_INFINITY, wait: 0 };
}

/** After an epoch's validation loss: lr × factor once `patience` epochs pass without improvement. */
export function plateauStep(
  state: PlateauState,
  valLoss: number,
  spec: Extract<ScheduleSpec, { kind: 'plateau' }>,
): PlateauState & { reduced: boolean } {
  if (valLoss < state.bestLoss) return { lr: state.lr, bestLoss: valLoss, wait: 0, reduced: false };
  const wait = state.wait + 1;
  if (wait < spec.patience) return { ...state, wait, reduced: false };
  const lr = Math.max(spec.minLr, state.lr * spec.factor);
  return { lr, bestLoss: state.bestLoss, wait: 0, reduced: lr < state.lr };
}
