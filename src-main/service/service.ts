/**
 * The backend service: the one implementation of the API contract. Electron's IPC adapter and the
 * browser host's WebSocket adapter both wrap it; tests drive it directly or through the in-memory
 * client. Every call is validated on the way in (and, outside production, on the way out), and
 * every failure leaves as a StudioError.
 */
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import {
  CONTRACT_VERSION,
  apiError,
  events,
  isMethodName,
  methods,
  parseInput,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type StudioApi,
} from '../common/contract';
import { initBackend } from '../engine/backend';
import { RunStore } from '../engine/run';
import { nodeLauncher } from '../worker/launcher';
import { compareHandlers } from './compare';
import { configHandlers } from './config';
import type { ServiceContext, StudioServiceOptions } from './context';
import { DatasetRegistry } from './dataset-registry';
import { datasetHandlers } from './datasets';
import { toStudioError } from './errors';
import { EventBus } from './event-bus';
import { exportHandlers } from './export';
import type { Handler, HandlerTable } from './handler-table';
import { JobManager } from './job-manager';
import { jobHandlers } from './jobs';
import { ModelCache } from './model-cache';
import { predictHandlers } from './predict';
import { GroupRegistry } from './run-group';
import { runHandlers } from './runs';
import { sessionHandlers } from './session';
import { sweepHandlers } from './sweeps';

export type { StudioServiceOptions } from './context';

export interface StudioService extends StudioApi {
  /** Stops every job (best weights kept) and sweep, and releases loaded models. */
  dispose(): Promise<void>;
  /** Training jobs running, paused or queued (the desktop asks before quitting when this is > 0). */
  activeJobs(): number;
}

export function createStudioService(options: StudioServiceOptions): StudioService {
  const bus = new EventBus();
  const backend = initBackend();
  // A failed backend must not become an unhandled rejection before the first call awaits it.
  backend.catch(() => undefined);
  let store = new RunStore(resolve(options.runsDir));
  const validateOutputs = options.validateOutputs ?? process.env.NODE_ENV !== 'production';
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    if (validateOutputs) checkEvent(event, payload);
    bus.emit(event, payload);
  };

  const jobs = new JobManager({ store: () => store, backend, emit, launcher: options.launcher ?? nodeLauncher, workerEntry: options.workerEntry, maxWorkers: options.maxWorkers });
  const ctx: ServiceContext = {
    options,
    backend,
    datasets: new DatasetRegistry(resolve(options.dataDir)),
    models: new ModelCache(3),
    groups: new GroupRegistry(),
    jobs,
    store: () => store,
    setStore: (next) => {
      store = next;
    },
    emit,
  };

  const handlers: HandlerTable = {
    'app.info': async () => ({
      appVersion: options.appVersion,
      contractVersion: CONTRACT_VERSION,
      host: options.host,
      backend: await backend,
      runsDir: store.root,
      cores: cpus().length,
      ...(options.maxUploadBytes !== undefined ? { maxUploadBytes: options.maxUploadBytes } : {}),
    }),
    ...datasetHandlers(ctx),
    ...configHandlers(ctx),
    ...jobHandlers(ctx),
    ...runHandlers(ctx),
    ...predictHandlers(ctx),
    ...exportHandlers(ctx),
    ...compareHandlers(ctx),
    ...sweepHandlers(ctx),
    ...sessionHandlers(ctx),
  };

  let disposed = false;

  async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    if (!isMethodName(method)) throw apiError('bad_input', `unknown method '${String(method)}'`, 'method');
    if (disposed) throw apiError('conflict', 'the service has shut down', 'method');
    try {
      const parsed = parseInput(method, input);
      const handler = handlers[method] as Handler<M>;
      const output = await handler(parsed);
      return validateOutputs ? checkOutput(method, output) : output;
    } catch (err) {
      throw toStudioError(err, method);
    }
  }

  return {
    call,
    on: (event, listener) => bus.on(event, listener),
    activeJobs: () => ctx.jobs.count(),
    async dispose() {
      if (disposed) return;
      disposed = true;
      await ctx.groups.cancelAll();
      await ctx.jobs.stopAll();
      ctx.models.clear();
      bus.clear();
    },
  };
}

/** An event the contract does not allow is our bug too; it is still delivered (listeners may cope) but logged loudly. */
function checkEvent<E extends EventName>(event: E, payload: EventPayload<E>): void {
  const result = events[event].safeParse(payload);
  if (!result.success) {
    const issue = result.error.issues[0];
    console.error(`[service] event ${event} does not match the contract at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
}

/** A handler returning something the contract does not allow is our bug: report it as internal, with the field. */
function checkOutput<M extends MethodName>(method: M, output: MethodOutput<M>): MethodOutput<M> {
  const result = methods[method].output.safeParse(output);
  if (result.success) return result.data as MethodOutput<M>;
  const issue = result.error.issues[0];
  const where = issue?.path.join('.') || undefined;
  throw apiError('internal', `${method} produced an invalid response: ${where ? where + ': ' : ''}${issue?.message ?? 'invalid'}`, where);
}
