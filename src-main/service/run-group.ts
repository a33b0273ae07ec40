/**
 * A batch of runs trained together on one dataset — a cell comparison or a sweep — with a cap on
 * how many train at once. Queued trials start as others finish; cancelling stops the running ones
 * (their best weights and logs stay) and never starts the rest.
 */
import { randomBytes } from 'node:crypto';
import { apiError, type SweepState } from '../common/contract';
import { bestRunOf, type RunConfig, type RunStatus, type RunSummary } from '../engine/spec';
import type { OpenDataset } from './dataset-registry';
import type { JobManager, JobOutcome } from './job-manager';

export type GroupKind = 'cells' | 'sweep';
export type GroupStatus = SweepState['status'];

export interface GroupTrial {
  config: RunConfig;
  name?: string;
}

interface TrialResult {
  status: RunStatus;
  summary?: RunSummary;
}

export class RunGroup {
  status: GroupStatus = 'running';
  readonly total: number;
  readonly runIds: string[] = [];
  private readonly results = new Map<string, TrialResult>();
  private readonly running = new Set<string>();
  private readonly queue: GroupTrial[];
  private starting = 0;
  private failedStarts = 0;
  private cancelled = false;
  private resolveDone!: () => void;
  /** Settles once every trial has finished or the group was cancelled and its runs stopped. */
  readonly done = new Promise<void>((resolve) => (this.resolveDone = resolve));

  constructor(
    readonly id: string,
    readonly kind: GroupKind,
    trials: GroupTrial[],
    private readonly concurrency: number,
    private readonly dataset: OpenDataset,
    private readonly jobs: JobManager,
    private readonly onChange: (group: RunGroup) => void,
  ) {
    this.queue = [...trials];
    this.total = trials.length;
  }

  get finished(): number {
    return this.results.size + this.failedStarts;
  }

  start(): void {
    this.pump();
  }

  async cancel(): Promise<void> {
    if (this.status !== 'running') return;
    this.cancelled = true;
    this.queue.length = 0;
    await Promise.all([...this.running].map((runId) => this.jobs.cancel(runId)));
    await this.settleWhenIdle();
    // A trial that was still starting is stopped as soon as its run exists (see launch).
    await this.done;
  }

  state(): SweepState {
    return { group: this.id, status: this.status, total: this.total, finished: this.finished, runIds: [...this.runIds], bestRunId: this.bestRunId() };
  }

  /** Lowest best validation loss among trained runs (the engine's rule: never an untrained, diverged or failed one). */
  bestRunId(): string | undefined {
    return bestRunOf([...this.results].map(([id, result]) => ({ id, ...result })));
  }

  private pump(): void {
    while (!this.cancelled && this.queue.length > 0 && this.running.size + this.starting < this.concurrency) {
      const trial = this.queue.shift();
      if (trial) void this.launch(trial);
    }
    void this.settleWhenIdle();
  }

  private async launch(trial: GroupTrial): Promise<void> {
    this.starting++;
    try {
      const job = await this.jobs.start(this.dataset, trial.config, { group: this.id, name: trial.name });
      this.runIds.push(job.runId);
      this.running.add(job.runId);
      this.starting--;
      this.onChange(this);
      // Cancelled while this trial was starting: it must not train on unattended.
      if (this.cancelled) void this.jobs.cancel(job.runId);
      void job.finished.then((outcome: JobOutcome) => this.trialFinished(job.runId, outcome));
    } catch (err) {
      this.starting--;
      this.failedStarts++;
      console.error(`[service] group ${this.id}: a trial did not start:`, err instanceof Error ? err.message : err);
      this.onChange(this);
      this.pump();
    }
  }

  private trialFinished(runId: string, outcome: JobOutcome): void {
    this.running.delete(runId);
    this.results.set(runId, { status: outcome.status, summary: outcome.summary });
    this.onChange(this);
    this.pump();
  }

  private async settleWhenIdle(): Promise<void> {
    if (this.status !== 'running' || this.running.size > 0 || this.starting > 0) return;
    if (this.queue.length > 0 && !this.cancelled) return;
    const anySummary = [...this.results.values()].some((r) => r.summary !== undefined);
    this.status = this.cancelled ? 'cancelled' : anySummary ? 'completed' : 'failed';
    this.onChange(this);
    this.resolveDone();
  }
}

/** The groups started in this session. */
export class GroupRegistry {
  private readonly groups = new Map<string, RunGroup>();

  add(group: RunGroup): void {
    this.groups.set(group.id, group);
  }

  find(id: string): RunGroup | undefined {
    return this.groups.get(id);
  }

  all(): RunGroup[] {
    return [...this.groups.values()];
  }

  async cancelAll(): Promise<void> {
    await Promise.all(this.all().map((group) => group.cancel()));
  }
}

/** Sortable, readable and unique: cells-20250101-120000-ab12. */
export function newGroupId(kind: GroupKind): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${kind}-${stamp}-${randomBytes(2).toString('hex')}`;
}

export function groupNotFound(id: string): Error {
  return apiError('not_found', `no comparison or sweep '${id}' in this runs folder`, 'group');
}
