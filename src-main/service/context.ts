/**
 * What every handler module shares: the service's options, the open datasets, the current run
 * store, the jobs in flight, loaded models and the event bus. Created once per service.
 */
import type { EventName, EventPayload } from '../common/contract';
import type { BackendInfo } from '../engine/spec';
import type { RunStore } from '../engine/run';
import type { WorkerLauncher } from '../worker/launcher';
import type { DatasetRegistry } from './dataset-registry';
import type { JobManager } from './job-manager';
import type { ModelCache } from './model-cache';
import type { GroupRegistry } from './run-group';

export interface StudioServiceOptions {
  /** Where runs are stored (one folder per run); `runs.setDir` switches it. */
  runsDir: string;
  /** Uploaded datasets are saved here so runs trained on them can be re-run. */
  dataDir: string;
  host: 'electron' | 'browser';
  /** How training workers start; Node's child_process.fork by default, Electron passes utilityProcess. */
  launcher?: WorkerLauncher;
  appVersion: string;
  /** Moves a deleted run's folder to the OS trash instead of removing it (Electron's shell.trashItem). */
  trash?: (dir: string) => Promise<void>;
  /** Validate every output against the contract (defaults to on unless NODE_ENV is production). */
  validateOutputs?: boolean;
  /** Most training workers at once (jobs, sweep trials, cell comparisons); the rest queue. Defaults to the core count. */
  maxWorkers?: number;
  /** The browser host's streamed-upload limit, reported by app.info so the page can refuse a larger file before sending it. */
  maxUploadBytes?: number;
  /** Training worker entry; defaults to src-main/worker/training-worker.ts (tsx) next to this file. */
  workerEntry?: string;
}

export interface ServiceContext {
  readonly options: StudioServiceOptions;
  /** The active TensorFlow.js backend, initialised once when the service is created. */
  readonly backend: Promise<BackendInfo>;
  readonly datasets: DatasetRegistry;
  readonly jobs: JobManager;
  readonly models: ModelCache;
  readonly groups: GroupRegistry;
  store(): RunStore;
  setStore(store: RunStore): void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}
