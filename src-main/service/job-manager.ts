/**
 * The training jobs of this backend, behind one queue: at most `maxWorkers` worker processes train
 * at once (jobs, sweep trials and cell comparisons alike); every other job waits, `queued`, in the
 * order it was started. The service creates the run record first so the run shows in the list at
 * once, the worker then owns the folder while it trains, and each worker event is re-emitted as
 * `job.event`; every change of the queue is pushed as `jobs.queueChanged`.
 */
import { apiError, type EventName, type EventPayload, type JobQueue } from '../common/contract';
import { checkRunConfig, describeProblem } from '../engine/check-run-config';
import type { RunHandle, RunStore } from '../engine/run';
import type { BackendInfo, RunConfig, TrainingEvent } from '../engine/spec';
import type { WorkerLauncher } from '../worker/launcher';
import { defaultMaxWorkers } from '../worker/worker-limit';
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
  /** Most worker processes at once; defaults to the number of cores. */
  maxWorkers?: number;
}

/** A stop is honoured within one batch; a worker that has not finished by then is ended. */
const STOP_GRACE_MS = 15_000;

interface ActiveJob {
  process: TrainingProcess;
  finished: Promise<JobOutcome>;
}

interface QueuedJob {
  runId: string;
  handle: RunHandle;
  dataset: OpenDataset;
  config: RunConfig;
  settle: (outcome: JobOutcome) => void;
  /** Set when its worker process could not be started. */
  launchFailure?: { message: string; recorded: Promise<void> };
}

export class JobManager {
  readonly maxWorkers: number;
  private readonly active = new Map<string, ActiveJob>();
  private readonly waiting: QueuedJob[] = [];

  constructor(private readonly deps: JobManagerDeps) {
    this.maxWorkers = Math.max(1, Math.floor(deps.maxWorkers ?? defaultMaxWorkers()));
  }

  async start(dataset: OpenDataset, config: RunConfig, opts: { name?: string; group?: string } = {}): Promise<StartedJob> {
    // Every way to start a run (jobs.start, runs.rerun, sweeps, cell comparisons) passes here: what
    // the worker would refuse is refused before the run folder exists.
    const problems = checkRunConfig(dataset.table, config);
    if (problems.length) throw apiError('bad_input', describeProblem(problems[0]), problems[0].path, problems[0].path);
    const backend = await this.deps.backend;
    const data = { name: dataset.table.name, path: dataset.path, sha256: dataset.table.sha256, rows: dataset.table.rowCount };
    // The backend's pid marks the queued record as owned: if this process dies first, the next
    // listing shows the run as interrupted instead of queued forever.
    const handle = await this.deps.store().create(config, data, backend, { name: opts.name, group: opts.group, status: 'queued', pid: process.pid });
    const runId = handle.id;
    let settle!: (outcome: JobOutcome) => void;
    const finished = new Promise<JobOutcome>((resolve) => (settle = resolve));
    const job: QueuedJob = { runId, handle, dataset, config, settle };
    this.waiting.push(job);
    this.deps.emit('runs.changed', { runId });
    this.deps.emit('jobs.queueChanged', this.queue());
    this.pump();
    // A job whose process could not even be started fails its start call (the record says why too).
    if (job.launchFailure) {
      await job.launchFailure.recorded;
      throw apiError('internal', job.launchFailure.message);
    }
    return { runId, finished };
  }

  /** The queue as the app and the API show it. */
  queue(): JobQueue {
    return { maxWorkers: this.maxWorkers, running: [...this.active.keys()], queued: this.waiting.map((job) => job.runId) };
  }

  /** 1 for the next job to start, undefined when the run is not waiting. */
  queuePosition(runId: string): number | undefined {
    const index = this.waiting.findIndex((job) => job.runId === runId);
    return index < 0 ? undefined : index + 1;
  }

  isActive(runId: string): boolean {
    return this.active.has(runId) || this.queuePosition(runId) !== undefined;
  }

  /** Jobs training or waiting to. */
  count(): number {
    return this.active.size + this.waiting.length;
  }

  /** Worker processes alive now. */
  running(): number {
    return this.active.size;
  }

  /** The worker's pid (tests and the desktop's crash reports use it). */
  pid(runId: string): number | undefined {
    return this.active.get(runId)?.process.pid;
  }

  async pause(runId: string): Promise<void> {
    (await this.requireRunning(runId, 'paused')).process.pause();
  }

  async resume(runId: string): Promise<void> {
    (await this.requireRunning(runId, 'resumed')).process.resume();
  }

  async stop(runId: string): Promise<void> {
    if (await this.dequeue(runId)) return;
    (await this.requireRunning(runId, 'stopped')).process.stop();
  }

  /** Stops cleanly (best weights kept), ending the worker if it does not finish in time; a queued job never starts. */
  async cancel(runId: string): Promise<JobOutcome | undefined> {
    const dequeued = await this.dequeue(runId);
    if (dequeued) return dequeued;
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
    // Waiting jobs first, so none starts in a slot a stopping job frees.
    await Promise.all(this.waiting.map((job) => job.runId).map((runId) => this.cancel(runId)));
    await Promise.all([...this.active.keys()].map((runId) => this.cancel(runId)));
  }

  /** Starts waiting jobs while there are free workers. */
  private pump(): void {
    let changed = false;
    while (this.active.size < this.maxWorkers && this.waiting.length > 0) {
      const next = this.waiting.shift();
      if (!next) break;
      this.launch(next);
      changed = true;
    }
    if (changed) this.deps.emit('jobs.queueChanged', this.queue());
  }

  private launch(job: QueuedJob): void {
    const { runId } = job;
    // The worker's `done` event is held back until its process has finished the record, so whoever
    // hears `done` and reads the run gets its final status and summary.
    let doneEvent: TrainingEvent | undefined;
    const forward = (event: TrainingEvent): void => {
      if (event.type === 'done') doneEvent = event;
      else this.deps.emit('job.event', { runId, event });
    };
    const worker = new TrainingProcess({
      runDir: job.handle.dir,
      dataPath: job.dataset.path,
      config: job.config,
      launcher: this.deps.launcher,
      entry: this.deps.workerEntry,
      // The app's jobs train while someone uses the interface (worker-priority.ts).
      priority: 'background',
      onEvent: forward,
      onProtocolError: (problem) => console.error(`[service] run ${runId}: ${problem}`),
    });
    const finished = worker.finished.then((outcome) => {
      this.active.delete(runId);
      // A worker that failed early or crashed never sent a `done` event; its outcome is the truth anyway.
      const done: TrainingEvent = { type: 'done', status: outcome.status, message: outcome.message ?? (doneEvent?.type === 'done' ? doneEvent.message : undefined), summary: outcome.summary };
      this.deps.emit('job.event', { runId, event: outcome.crashed || !doneEvent ? done : doneEvent });
      this.deps.emit('runs.changed', { runId });
      this.deps.emit('jobs.queueChanged', this.queue());
      this.pump();
      return outcome;
    });
    try {
      worker.start();
    } catch (err) {
      // No process means nobody will ever finish this record: do it here so it does not sit 'queued'.
      const message = `the training process could not be started: ${err instanceof Error ? err.message : String(err)}`;
      const recorded = job.handle
        .update({ status: 'failed', message, pid: undefined })
        .then(() => undefined, (updateErr: unknown) => console.error(`[service] run ${runId}: could not record the failed start:`, updateErr))
        .finally(() => {
          this.deps.emit('runs.changed', { runId });
          job.settle({ status: 'failed', message, crashed: true });
        });
      job.launchFailure = { message, recorded };
      return;
    }
    this.active.set(runId, { process: worker, finished });
    void finished.then(job.settle);
    this.deps.emit('runs.changed', { runId });
  }

  /** Takes a waiting job out of the queue and records it as stopped before it started. */
  private async dequeue(runId: string): Promise<JobOutcome | undefined> {
    const index = this.waiting.findIndex((job) => job.runId === runId);
    if (index < 0) return undefined;
    const [job] = this.waiting.splice(index, 1);
    const message = 'stopped while waiting in the queue; it never started training';
    await job.handle.update({ status: 'stopped', message, pid: undefined });
    this.deps.emit('job.event', { runId, event: { type: 'done', status: 'stopped', message } });
    this.deps.emit('runs.changed', { runId });
    this.deps.emit('jobs.queueChanged', this.queue());
    const outcome: JobOutcome = { status: 'stopped', message, crashed: false };
    job.settle(outcome);
    return outcome;
  }

  private async requireRunning(runId: string, verb: string): Promise<ActiveJob> {
    const job = this.active.get(runId);
    if (job) return job;
    const position = this.queuePosition(runId);
    if (position !== undefined) {
      throw apiError('conflict', `run ${runId} is waiting in the queue (position ${position}) and has not started, so it cannot be ${verb}; stop it to take it out of the queue`, 'runId');
    }
    const record = await this.deps.store().get(runId);
    throw apiError('conflict', `run ${runId} is not training (its status is ${record.status})`, 'runId');
  }
}
