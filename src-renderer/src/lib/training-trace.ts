import type { BatchEvent, EpochEvent, RunStatus, RunSummary, TrainingEvent, WarningEvent } from '@engine-spec/index';
import { isFinishedStatus, nextBestCheckpoint } from '@engine-spec/run-status';
import { layerWithinMember } from '@engine-spec/layer-names';

export interface BaselineLosses {
  naive: number;
  seasonalNaive: number;
  season: number;
}

/**
 * Everything a run has reported, in flat parallel arrays: cheap to append to 100k times and never
 * made reactive (the store bumps a version counter instead).
 */
export interface TrainingTrace {
  steps: number[];
  batchLoss: number[];
  gradNorm: number[];
  batchLr: number[];
  /** Steps at which gradients were clipped. */
  clippedSteps: number[];
  /** Per layer, norms aligned with `steps` (NaN where a layer was not reported). */
  layerGradNorms: Map<string, number[]>;
  epochs: EpochEvent[];
  /** Global step of the last batch logged in each epoch (x position of epoch points). */
  epochEndSteps: number[];
  /** How many batches had been logged when each epoch ended (sizes an epoch for the progress bar). */
  batchCountAtEpochEnd: number[];
  warnings: WarningEvent[];
  baseline: BaselineLosses | null;
  status: RunStatus;
  currentEpoch: number;
  totalEpochs: number;
  etaSeconds: number | null;
  /** The engine's share of batches done, from the latest batch event that carried one. */
  fractionDone: number | null;
  summary: RunSummary | null;
  message: string | null;
  bestValLoss: number | null;
  bestEpoch: number | null;
}

export function emptyTrace(totalEpochs = 0): TrainingTrace {
  return {
    steps: [],
    batchLoss: [],
    gradNorm: [],
    batchLr: [],
    clippedSteps: [],
    layerGradNorms: new Map(),
    epochs: [],
    epochEndSteps: [],
    batchCountAtEpochEnd: [],
    warnings: [],
    baseline: null,
    status: 'queued',
    currentEpoch: 0,
    totalEpochs,
    etaSeconds: null,
    fractionDone: null,
    summary: null,
    message: null,
    bestValLoss: null,
    bestEpoch: null,
  };
}

export const isFinished = isFinishedStatus;

/** Folds one event into the trace (mutates it: this runs once per batch). */
export function applyTrainingEvent(trace: TrainingTrace, event: TrainingEvent): void {
  switch (event.type) {
    case 'batch':
      appendBatch(trace, event);
      break;
    case 'epoch':
      trace.epochs.push(event);
      trace.epochEndSteps.push(trace.steps.length > 0 ? trace.steps[trace.steps.length - 1] : event.epoch);
      trace.batchCountAtEpochEnd.push(trace.steps.length);
      trace.currentEpoch = event.epoch;
      trace.totalEpochs = event.epochs;
      trace.etaSeconds = event.etaSeconds;
      if (trace.status === 'queued') trace.status = 'running';
      break;
    case 'warning':
      trace.warnings.push(event);
      break;
    case 'checkpoint': {
      // The engine's checkpoint is the only "best" (epoch 0: the untrained model).
      const best = nextBestCheckpoint(null, event);
      trace.bestEpoch = best?.epoch ?? null;
      trace.bestValLoss = best?.valLoss ?? null;
      break;
    }
    case 'status':
      if (!isFinished(trace.status)) trace.status = event.status;
      break;
    case 'done':
      trace.status = event.status;
      trace.summary = event.summary ?? null;
      trace.message = event.message ?? null;
      trace.etaSeconds = 0;
      break;
    case 'baseline':
      trace.baseline = { naive: event.naiveValLoss, seasonalNaive: event.seasonalNaiveValLoss, season: event.season };
      break;
  }
}

function appendBatch(trace: TrainingTrace, event: BatchEvent): void {
  const index = trace.steps.length;
  trace.steps.push(event.step);
  trace.batchLoss.push(event.loss);
  trace.gradNorm.push(event.gradNorm);
  trace.batchLr.push(event.lr);
  if (event.clipped) trace.clippedSteps.push(event.step);
  // An ensemble's members each have the layer: one line per layer, at the largest of their norms
  // (the one clipping and exploding gradients are about; NaN only when every member's is); a line per
  // member and layer was unreadable, and made each live redraw of the chart a long task.
  for (const [name, norm] of Object.entries(event.layerGradNorms)) {
    const layer = layerWithinMember(name);
    let column = trace.layerGradNorms.get(layer);
    if (!column) {
      column = new Array<number>(index).fill(Number.NaN);
      trace.layerGradNorms.set(layer, column);
    }
    if (column.length === index) column.push(norm);
    else if (Number.isNaN(column[index]) || norm > column[index]) column[index] = norm;
  }
  // Layers missing from this batch keep their columns aligned with `steps`.
  for (const column of trace.layerGradNorms.values()) if (column.length === index) column.push(Number.NaN);
  if (event.epoch > trace.currentEpoch) trace.currentEpoch = event.epoch;
  // The engine's estimate, from a few batches in (before the first epoch ends).
  if (event.etaSeconds !== undefined) trace.etaSeconds = event.etaSeconds;
  if (event.fractionDone !== undefined) trace.fractionDone = event.fractionDone;
  if (trace.status === 'queued') trace.status = 'running';
}

/** Fraction done in [0, 1]: the engine's count of batches when it sent one, else finished epochs plus the current epoch's share once one epoch's size is known. */
export function progressOf(trace: TrainingTrace): number {
  if (trace.status === 'completed' || trace.status === 'no_improvement') return 1;
  if (trace.totalEpochs <= 0) return 0;
  // The engine's own count of batches done, when batch events carry it.
  if (trace.fractionDone !== null) return Math.max(0, Math.min(1, trace.fractionDone));
  const doneEpochs = trace.epochs.length;
  let partial = 0;
  if (doneEpochs > 0 && trace.batchCountAtEpochEnd[0] > 0) {
    const perEpoch = trace.batchCountAtEpochEnd[0];
    const sinceLastEpoch = trace.steps.length - trace.batchCountAtEpochEnd[doneEpochs - 1];
    partial = Math.min(0.999, sinceLastEpoch / perEpoch);
  }
  return Math.max(0, Math.min(1, (doneEpochs + partial) / trace.totalEpochs));
}

/** What the Train view's fact line shows; copied out of the trace so a change is a new value. */
export interface LiveFigures {
  currentEpoch: number;
  totalEpochs: number;
  etaSeconds: number | null;
  lastEpoch: EpochEvent | null;
  bestEpoch: number | null;
  message: string | null;
}

export function liveFigures(trace: TrainingTrace): LiveFigures {
  return {
    currentEpoch: trace.currentEpoch,
    totalEpochs: trace.totalEpochs,
    etaSeconds: trace.etaSeconds,
    lastEpoch: trace.epochs.length > 0 ? trace.epochs[trace.epochs.length - 1] : null,
    bestEpoch: trace.bestEpoch,
    message: trace.message,
  };
}

/** True when a replayed event is already in the trace (a log read and live events can overlap). */
export function alreadyApplied(trace: TrainingTrace, event: TrainingEvent): boolean {
  if (event.type === 'batch') return trace.steps.length > 0 && event.step <= trace.steps[trace.steps.length - 1];
  if (event.type === 'epoch') return trace.epochs.length > 0 && event.epoch <= trace.epochs[trace.epochs.length - 1].epoch;
  if (event.type === 'done') return isFinished(trace.status) && trace.summary !== null;
  return false;
}
