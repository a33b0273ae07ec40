/**
 * The parent side of one training job: starts the worker through a launcher, validates everything it
 * says, passes events on, and notices when it dies (exit without `done`) or hangs (no heartbeat).
 * A dead worker's run is marked failed here, keeping every metric it logged and its best checkpoint.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RunStore, RUN_FILE } from '../engine/run';
import type { BackendInfo, RunConfig, RunStatus, RunSummary, TrainingEvent } from '../engine/spec';
import { nodeLauncher, type WorkerLauncher, type WorkerPort } from './launcher';
import { startsOwnSession, workerPriorityEnv, type WorkerPriority } from './worker-priority';
import {
  HEARTBEAT_TIMEOUT_MS,
  message,
  parseMessage,
  WorkerMessage,
  type ErrorMessage,
  type HelloMessage,
  type ParentMessage,
} from './protocol';

export interface TrainingProcessOptions {
  runDir: string;
  dataPath: string;
  config: RunConfig;
  /** Name and group for a run the worker creates (ignored when runDir already holds the run). */
  name?: string;
  group?: string;
  launcher?: WorkerLauncher;
  /** The worker's entry file; defaults to training-worker.ts/.js beside this module. */
  entry?: string;
  env?: NodeJS.ProcessEnv;
  /** 'background' (the app's jobs) trains below normal priority, so the interface wins a contested core. */
  priority?: WorkerPriority;
  onEvent?: (event: TrainingEvent) => void;
  onHello?: (hello: HelloMessage) => void;
  onError?: (error: ErrorMessage) => void;
  /** A message that failed validation (dropped). */
  onProtocolError?: (problem: string) => void;
  heartbeatTimeoutMs?: number;
  /**
   * Grace until the first training event: starting TensorFlow, compiling TypeScript and reading and
   * preparing a large table run without yielding, so no heartbeat can be sent meanwhile.
   */
  startupTimeoutMs?: number;
}

export interface TrainingOutcome {
  status: RunStatus;
  summary?: RunSummary;
  message?: string;
  /** The worker's own error report, when it sent one (code bad_input: the user can fix the data or config). */
  error?: Omit<ErrorMessage, 'protocol' | 'type'>;
  /** The worker died or hung without finishing; the run was marked failed by the parent. */
  crashed: boolean;
  backend?: BackendInfo;
}

const DEFAULT_STARTUP_TIMEOUT_MS = 90_000;
/** After `done` the worker exits by itself; one that lingers is ended. */
const EXIT_GRACE_MS = 5000;

export function defaultWorkerEntry(): string {
  const ts = join(__dirname, 'training-worker.ts');
  return existsSync(ts) ? ts : join(__dirname, 'training-worker.js');
}

export class TrainingProcess {
  readonly finished: Promise<TrainingOutcome>;
  private resolveFinished!: (outcome: TrainingOutcome) => void;
  private port: WorkerPort | undefined;
  private hello: HelloMessage | undefined;
  private done: { status: RunStatus; summary?: RunSummary; message?: string } | undefined;
  private error: ErrorMessage | undefined;
  private pending: ParentMessage[] = [];
  private lastSignOfLife = Date.now();
  private watchdog: NodeJS.Timeout | undefined;
  private hung = false;
  private epoch = 0;
  private exited = false;
  /** The first training event arrived: from now on heartbeats are expected every second. */
  private training = false;

  constructor(private readonly opts: TrainingProcessOptions) {
    this.finished = new Promise((r) => (this.resolveFinished = r));
  }

  get pid(): number | undefined {
    return this.hello?.pid ?? this.port?.pid;
  }
  get backend(): BackendInfo | undefined {
    return this.hello?.backend;
  }
  /** The last epoch the worker reported finishing. */
  get lastEpoch(): number {
    return this.epoch;
  }
  get runDir(): string {
    return resolve(this.opts.runDir);
  }

  start(): this {
    if (this.port) throw new Error('this training process was already started');
    const launcher = this.opts.launcher ?? nodeLauncher;
    const priority = this.opts.priority ?? 'normal';
    const env = { ...process.env, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2', ...workerPriorityEnv(priority), ...this.opts.env };
    const port = launcher.fork(this.opts.entry ?? defaultWorkerEntry(), [], env, { ownSession: startsOwnSession(priority) });
    this.port = port;
    // The worker says hello once its backend is up; only then is it sure to be listening.
    this.pending.unshift(
      message<ParentMessage>({ type: 'start', runDir: this.runDir, dataPath: resolve(this.opts.dataPath), config: this.opts.config, name: this.opts.name, group: this.opts.group }),
    );
    port.onMessage((raw) => this.receive(raw));
    port.onExit((code, signal) => void this.exitedWith(code, signal));
    this.lastSignOfLife = Date.now();
    this.watchdog = setInterval(() => this.checkAlive(), 250);
    this.watchdog.unref();
    return this;
  }

  pause(): void {
    this.post(message<ParentMessage>({ type: 'pause' }));
  }
  resume(): void {
    this.post(message<ParentMessage>({ type: 'resume' }));
  }
  /** Asks for a clean stop: the worker ends the epoch's batch, keeps the best weights and finishes the record. */
  stop(): void {
    this.post(message<ParentMessage>({ type: 'stop' }));
  }
  /** Ends the worker at once; the run is marked failed with everything logged so far. */
  kill(): void {
    this.port?.kill();
  }

  private post(m: ParentMessage): void {
    if (!this.port || this.exited) return;
    if (!this.hello) this.pending.push(m);
    else this.port.postMessage(m);
  }

  private receive(raw: unknown): void {
    this.lastSignOfLife = Date.now();
    const parsed = parseMessage(WorkerMessage, raw);
    if (!parsed.ok) {
      this.opts.onProtocolError?.(`dropped a message from the training worker: ${parsed.error}`);
      return;
    }
    const m = parsed.message;
    switch (m.type) {
      case 'hello':
        this.hello = m;
        this.opts.onHello?.(m);
        for (const queued of this.pending.splice(0)) this.port?.postMessage(queued);
        return;
      case 'heartbeat':
        return;
      case 'event':
        this.training = true;
        if (m.event.type === 'epoch') this.epoch = m.event.epoch;
        this.opts.onEvent?.(m.event);
        return;
      case 'error':
        this.error = m;
        this.opts.onError?.(m);
        return;
      case 'done':
        this.done = { status: m.status, summary: m.summary, message: m.message };
        setTimeout(() => this.port?.kill(), EXIT_GRACE_MS).unref();
        return;
    }
  }

  private checkAlive(): void {
    if (this.exited || this.done) return;
    if (Date.now() - this.lastSignOfLife > this.silenceLimitMs()) {
      this.hung = true;
      this.port?.kill();
    }
  }

  private silenceLimitMs(): number {
    return this.training ? (this.opts.heartbeatTimeoutMs ?? HEARTBEAT_TIMEOUT_MS) : (this.opts.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS);
  }

  private async exitedWith(code: number | null, signal: string | null): Promise<void> {
    if (this.exited) return;
    this.exited = true;
    if (this.watchdog) clearInterval(this.watchdog);
    const error = this.error ? { code: this.error.code, message: this.error.message, where: this.error.where, detail: this.error.detail, field: this.error.field } : undefined;
    if (this.done) {
      this.resolveFinished({ ...this.done, error, crashed: false, backend: this.backend });
      return;
    }
    const message = this.crashMessage(code, signal);
    await this.markFailed(message).catch((err: unknown) => {
      this.opts.onProtocolError?.(`could not mark the run failed: ${err instanceof Error ? err.message : String(err)}`);
    });
    this.resolveFinished({ status: 'failed', message, error, crashed: true, backend: this.backend });
  }

  private crashMessage(code: number | null, signal: string | null): string {
    const after = this.epoch > 0 ? `after epoch ${this.epoch}` : 'before the first epoch finished';
    if (this.hung) return `the training process stopped responding (no heartbeat for ${this.silenceLimitMs() / 1000} s) and was ended ${after}`;
    const how = signal ? `signal ${signal}` : `exit code ${code ?? 'unknown'}`;
    const said = this.error ? `: ${this.error.message}` : stderrNote(this.port?.stderrTail?.() ?? '');
    return `the training process exited unexpectedly (${how}) ${after}${said}`;
  }

  /** The worker cannot finish its record any more: do it for it, keeping its metrics and checkpoint. */
  private async markFailed(message: string): Promise<void> {
    if (!existsSync(join(this.runDir, RUN_FILE))) return;
    const { store, id } = RunStore.forRunDir(this.runDir);
    // Opening the run also puts back a model the worker was killed in the middle of swapping.
    const handle = await store.open(id);
    handle.appendEvent({ type: 'done', status: 'failed', message });
    await handle.update({ status: 'failed', message, pid: undefined });
    handle.close();
  }
}

function stderrNote(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.length ? `; its last output: ${lines[lines.length - 1].slice(0, 500)}` : '';
}
