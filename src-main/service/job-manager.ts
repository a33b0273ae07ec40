/**
 * The training jobs in flight: one worker process per run (TrainingProcess over the host's launcher).
 * The service creates the run record first so the run shows in the list at once, the worker then
 * owns the folder while it trains, and each worker event is re-emitted as `job.event`.
 */
import { apiError, type EventName, type EventPayload } from '../common/contract';
import type { RunStore } from '../engine/run';
import type { BackendInfo, RunConfig, TrainingEvent } from '../engine/spec';
import type { WorkerLauncher } from '../worker/launcher';
import { TrainingProcess, type TrainingOutcome } from '../worker/training-process';
import type { OpenDataset } from './dataset-registry';

export type JobOutcome = TrainingOutcome;

export interface StartedJob {
  runId: string;
  finished: Promise<JobOutcome>;
}

export interface JobManagerDeps {
  store: () => RunStore;
  backend: Promise<BackendInfo>;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  launcher: WorkerLauncher;
  workerEntry?: string;
}

/** A stop is honoured within one batch; a worker that has not finished by then is ended. */
const STOP_GRACE_MS = 15_000;

interface ActiveJob {
  process: TrainingProcess;
  finished: Promise<JobOutcome>;
}

export class JobManager {
  private readonly active = new Map<string, ActiveJob>();

  constructor(private readonly deps: JobManagerDeps) {}

  async start(dataset: OpenDataset, config: RunConfig, opts: { name?: string; group?: string } = {}): Promise<StartedJob> {
    const backend = await this.deps.backend;
    const data = { name: dataset.table.name, path: dataset.path, sha256: dataset.table.sha256, rows: dataset.table.rowCount };
    const handle = await this.deps.store().create(config, data, backend, { name: opts.name, group: opts.group, status: 'queued' });
    const runId = handle.id;
    // The worker's `done` event is held back until its process has finished the record, so whoever
    // hears `done` and reads the run gets its final status and summary.
    let doneEvent: TrainingEvent | undefined;
    const forward = (event: TrainingEvent): void => {
      if (event.type === 'done') doneEvent = event;
      else this.deps.emit('job.event', { runId, event });
    };
    const worker = new TrainingProcess({
      runDir: handle.dir,
      dataPath: dataset.path,
      config,
      launcher: this.deps.launcher,
      entry: this.deps.workerEntry,
      onEvent: forward,
      onProtocolError: (problem) => console.error(`[service] run ${runId}: ${problem}`),
    });
    const finished = worker.finished.then((outcome) => {
      this.active.delete(runId);
      // A worker that failed early or crashed never sent a `done` event; its outcome is the truth anyway.
      const done: TrainingEvent = { type: 'done', status: outcome.status, message: outcome.message ?? (doneEvent?.type === 'done' ? doneEvent.message : undefined), summary: outcome.summary };
      this.deps.emit('job.event', { runId, event: outcome.crashed || !doneEvent ? done : doneEvent });
      this.deps.emit('runs.changed', { runId });
      return outcome;
    });
    try {
      worker.start();
    } catch (err) {
      // No process means nobody will ever finish this record: do it here so it does not sit 'queued'.
      const message = `the training process could not be started: ${err instanceof Error ? err.message : String(err)}`;
      await handle.update({ status: 'failed', message });
      this.deps.emit('runs.changed', { runId });
      throw apiError('internal', message);
    }
    this.active.set(runId, { process: worker, finished });
    this.deps.emit('runs.changed', { runId });
    return { runId, finished };
  }

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  count(): number {
    return this.active.size;
  }

  /** The worker's pid (tests and the desktop's crash reports use it). */
  pid(runId: string): number | undefined {
    return this.active.get(runId)?.process.pid;
  }

  async pause(runId: string): Promise<void> {
    (await this.require(runId)).process.pause();
  }

  async resume(runId: string): Promise<void> {
    (await this.require(runId)).process.resume();
  }

  async stop(runId: string): Promise<void> {
    (await this.require(runId)).process.stop();
  }

  /** Stops cleanly (best weights kept), ending the worker if it does not finish in time. */
  async cancel(runId: string): Promise<JobOutcome | undefined> {
    const job = this.active.get(runId);
    if (!job) return undefined;
    job.process.stop();
    const timer = setTimeout(() => job.process.kill(), STOP_GRACE_MS);
    timer.unref();
    try {
      return await job.finished;
    } finally {
      clearTimeout(timer);
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.active.keys()].map((runId) => this.cancel(runId)));
  }

  private async require(runId: string): Promise<ActiveJob> {
    const job = this.active.get(runId);
    if (job) return job;
    const record = await this.deps.store().get(runId);
    throw apiError('conflict', `run ${runId} is not training (its status is ${record.status})`, 'runId');
  }
}
