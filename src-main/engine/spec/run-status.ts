/**
 * What a run's status and checkpoints mean, in one place for the engine, the CLI, the service and
 * the views (the renderer imports this; it never re-derives it).
 */
import type { TrainingEvent } from './events';
import type { RunStatus, RunSummary } from './run';

/** Statuses no process will change any more. */
export const FINISHED_STATUSES: readonly RunStatus[] = ['completed', 'no_improvement', 'stopped', 'diverged', 'failed', 'interrupted'];

export function isFinishedStatus(status: RunStatus): boolean {
  return FINISHED_STATUSES.includes(status);
}

/** Statuses a worker is (or will be) working on. */
export function isActiveStatus(status: RunStatus): boolean {
  return status === 'queued' || status === 'running' || status === 'paused';
}

/**
 * The status in words a person reads (`no_improvement` → "no improvement").
 */
export function statusLabel(status: RunStatus): string {
  return status.replace(/_/g, ' ');
}

/**
 * How a status reads at a glance: `good` the run did what was asked, `active` in progress, `neutral`
 * nothing to do, `attention` look at it (its model is not what a finished run promises), `bad` it broke.
 */
export type StatusTone = 'good' | 'active' | 'neutral' | 'attention' | 'bad';

export function statusTone(status: RunStatus | null): StatusTone {
  switch (status) {
    case 'completed':
      return 'good';
    case 'running':
    case 'queued':
      return 'active';
    case 'no_improvement':
    case 'interrupted':
    case 'diverged':
      return 'attention';
    case 'failed':
      return 'bad';
    default:
      return 'neutral';
  }
}

/** The best checkpoint so far: epoch 0 is the untrained model. */
export interface BestCheckpoint {
  epoch: number;
  valLoss: number;
}

/** Folds one event into the best checkpoint: the engine's `checkpoint` event is the only definition of "best". */
export function nextBestCheckpoint(best: BestCheckpoint | null, event: TrainingEvent): BestCheckpoint | null {
  return event.type === 'checkpoint' ? { epoch: event.epoch, valLoss: event.valLoss } : best;
}

export function bestCheckpointOf(events: readonly TrainingEvent[]): BestCheckpoint | null {
  return events.reduce<BestCheckpoint | null>(nextBestCheckpoint, null);
}

/**
 * Whether the summary's model is the untrained network (no epoch beat it). With the linear shortcut
 * epoch 0 is the fitted linear autoregression, which is trained.
 */
export function isUntrained(summary: Pick<RunSummary, 'bestEpoch' | 'linearShortcut'>): boolean {
  return summary.bestEpoch === 0 && summary.linearShortcut !== true;
}

/**
 * Whether a skill score says anything about training: not for the untrained network, whose
 * "skill" is luck of the initial weights. Views show it greyed, never green.
 */
export function skillTone(summary: Pick<RunSummary, 'bestEpoch' | 'linearShortcut'>, skill: number): 'good' | 'bad' | 'untrained' {
  if (isUntrained(summary)) return 'untrained';
  return skill > 0 ? 'good' : 'bad';
}

/** "best epoch 3 of 8" or "no epoch of 8 beat the untrained model". */
export function describeBestEpoch(summary: Pick<RunSummary, 'bestEpoch' | 'epochs' | 'linearShortcut'>): string {
  if (summary.bestEpoch === 0 && summary.linearShortcut === true) return `the linear autoregression it starts from beat all ${summary.epochs} epoch(s) of the network`;
  if (summary.bestEpoch === 0) return `no epoch of ${summary.epochs} beat the untrained model`;
  return `best epoch ${summary.bestEpoch} of ${summary.epochs}`;
}

/** What a search (sweep, comparison) needs to know of a finished trial to rank it. */
export interface RankableRun {
  id: string;
  status: RunStatus;
  summary?: Pick<RunSummary, 'bestEpoch' | 'bestValLoss' | 'linearShortcut'>;
}

/**
 * Whether a run may be a search's best: it trained to its end or was stopped with a trained
 * checkpoint. A run that never beat the untrained network, diverged, failed or was interrupted
 * is never "best", whatever its validation loss says (its model is not a trained forecaster).
 */
export function isRankable(run: RankableRun): boolean {
  if (run.status !== 'completed' && run.status !== 'stopped') return false;
  if (!run.summary || isUntrained(run.summary)) return false;
  return Number.isFinite(run.summary.bestValLoss);
}

/** The rankable run with the lowest best validation loss (the first of equals), or undefined. */
export function bestRunOf(runs: Iterable<RankableRun>): string | undefined {
  let best: { id: string; loss: number } | undefined;
  for (const run of runs) {
    if (!isRankable(run) || !run.summary) continue;
    const loss = run.summary.bestValLoss;
    if (!best || loss < best.loss) best = { id: run.id, loss };
  }
  return best?.id;
}
