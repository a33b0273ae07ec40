/**
 * The training worker: one process per training job. Started by the app (Electron utilityProcess)
 * or by the CLI and the browser host (child_process.fork); speaks protocol.ts with its parent.
 *
 * It owns the run folder while it trains: run.json (status, pid, summary), metrics.ndjson (every
 * event) and model/ (the best checkpoint), so a crash of the parent loses nothing.
 */
import { basename, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { initBackend } from '../engine/backend';
import { loadTableFile, type Table, type PreprocessingRecord } from '../engine/data';
import { ExperimentControl, runExperiment } from '../engine/experiment';
import { saveModelDir } from '../engine/export';
import { checkRunConfig, describeProblem } from '../engine/check-run-config';
import { coreRunning, defaultRecurrentCore, recurrentKernelRunning } from '../engine/model';
import { replaceDirAtomic, RunStore, RUN_FILE, runVersions, type RunHandle, type RunData } from '../engine/run';
import type { BackendInfo, RunStatus, RunSummary, TrainingEvent } from '../engine/spec';
import type * as tf from '@tensorflow/tfjs';
import { classifyError, ConfigError, type ClassifiedError } from './classify-error';
import { HEARTBEAT_INTERVAL_MS, message, parseMessage, ParentMessage, type StartMessage, type WorkerMessage } from './protocol';
import { swapStallFromEnv } from './swap-stall';
import { applyWorkerPriority } from './worker-priority';
import { pickParentPort } from './worker-port';

const port = pickParentPort();
const control = new ExperimentControl();
let started = false;
let stopRequested = false;
let parentGone = false;
let activeHandle: RunHandle | undefined;
/** Whether the experiment logged its own final `done` event (with the summary). */
let doneLogged = false;

const send = (body: Parameters<typeof message<WorkerMessage>>[0]): Promise<void> => port.send(message<WorkerMessage>(body));

// The parent coordinates Ctrl-C (a terminal sends SIGINT to the whole process group): it asks for a
// clean stop through the protocol, so the worker must not die on the signal itself.
process.on('SIGINT', () => undefined);
// stderr is a pipe to the parent: once the parent is gone, writing to it must not crash the run.
process.stderr.on('error', () => undefined);

applyWorkerPriority();
const backendReady: Promise<BackendInfo> = initBackend();
backendReady.then(
  (backend) => {
    void send({ type: 'hello', pid: process.pid, backend });
    setInterval(() => void send({ type: 'heartbeat', at: Date.now() }), HEARTBEAT_INTERVAL_MS).unref();
  },
  (err: unknown) => void fail(err),
);

port.onMessage((raw) => {
  const parsed = parseMessage(ParentMessage, raw);
  if (!parsed.ok) {
    void send({ type: 'error', code: 'internal', message: `the worker received an invalid message: ${parsed.error}` });
    return;
  }
  const m = parsed.message;
  switch (m.type) {
    case 'start':
      if (started) {
        void send({ type: 'error', code: 'internal', message: 'this worker is already training a run; start one worker per run' });
        return;
      }
      started = true;
      train(m).catch(fail);
      return;
    case 'pause':
      control.pause();
      return;
    case 'resume':
      control.resume();
      return;
    case 'stop':
      stopRequested = true;
      control.stop();
      if (!started) void finish(0);
      return;
  }
});

port.onParentGone(() => {
  // Nobody is listening any more: stop cleanly so the best weights and the record are kept.
  parentGone = true;
  stopRequested = true;
  control.stop();
  if (!started) process.exit(0);
});

async function train(start: StartMessage): Promise<void> {
  const backend = await backendReady;
  const runDir = resolve(start.runDir);
  const dataPath = resolve(start.dataPath);
  let table: Table | undefined;
  let loadError: unknown;
  try {
    table = await loadTableFile(dataPath);
  } catch (err) {
    loadError = err;
  }
  const data: RunData = table
    ? { name: table.name, path: dataPath, sha256: table.sha256, rows: table.rowCount }
    : { name: basename(dataPath), path: dataPath, sha256: '', rows: 0 };
  const handle = await openRun(start, runDir, data, backend);
  activeHandle = handle;

  if (loadError || !table) return reportFailure(handle, classifyError(loadError, start.config));
  // The parents check this and the data before creating the run; this guards a caller that did not
  // (the data's own problems come from runExperiment as DataErrors, with their file, row and column).
  const problems = checkRunConfig(undefined, start.config);
  if (problems.length) return reportFailure(handle, classifyError(new ConfigError(describeProblem(problems[0]), problems[0].path)));
  if (stopRequested) return finishRun(handle, { status: 'stopped', message: 'stopped before training started' });

  const onEvent = (event: TrainingEvent): void => {
    handle.appendEvent(event);
    if (event.type === 'done') doneLogged = true;
    if (event.type === 'status' && (event.status === 'paused' || event.status === 'running')) {
      // A failed record write must not end the training; the final write will try again.
      handle.update({ status: event.status }).catch((err: unknown) => process.stderr.write(`could not record status ${event.status}: ${String(err)}\n`));
    }
    void send({ type: 'event', event });
  };
  const onStep = swapStallFromEnv();
  const saveCheckpoint = async (model: tf.LayersModel, preprocessing: PreprocessingRecord): Promise<void> => {
    await replaceDirAtomic(handle.modelDir, (dir) => saveModelDir(dir, model, preprocessing), { onStep });
  };
  let result;
  try {
    result = await runExperiment({ table, config: start.config, onEvent, control, saveCheckpoint });
  } catch (err) {
    return reportFailure(handle, classifyError(err, start.config));
  }
  result.model.dispose();
  const message = parentGone && result.status === 'stopped' ? 'stopped because the app or CLI that started it closed' : result.message;
  await finishRun(handle, { status: result.status, summary: result.summary, message });
}

/** Continues the run the parent created in runDir, or creates it there. */
async function openRun(start: StartMessage, runDir: string, data: RunData, backend: BackendInfo): Promise<RunHandle> {
  const { store, id } = RunStore.forRunDir(runDir);
  const owned = { status: 'running' as const, pid: process.pid };
  // The core this process will build, as it builds it (the fused kernels are probed once here).
  const recurrentCore = coreRunning(defaultRecurrentCore(), start.config.model.cell, start.config.model.recurrentDropout);
  const recurrentKernel = recurrentKernelRunning(recurrentCore, start.config.model.cell);
  if (existsSync(join(runDir, RUN_FILE))) {
    const handle = await store.open(id);
    await handle.update({ ...owned, config: start.config, data, backend, recurrentCore, recurrentKernel, versions: runVersions(backend) });
    return handle;
  }
  return store.create(start.config, data, backend, { id, name: start.name, group: start.group, recurrentCore, recurrentKernel, ...owned });
}

async function reportFailure(handle: RunHandle, error: ClassifiedError): Promise<void> {
  await send({ type: 'error', code: error.code, message: error.message, where: error.where, detail: error.detail, field: error.field });
  await finishRun(handle, { status: 'failed', message: error.message });
}

async function finishRun(handle: RunHandle, outcome: { status: RunStatus; summary?: RunSummary; message?: string }): Promise<void> {
  const last: TrainingEvent = { type: 'done', status: outcome.status, message: outcome.message, summary: outcome.summary };
  if (!doneLogged) handle.appendEvent(last);
  await handle.update({ status: outcome.status, summary: outcome.summary, message: outcome.message, pid: undefined });
  handle.close();
  activeHandle = undefined;
  await send({ type: 'done', status: outcome.status, summary: outcome.summary, message: outcome.message });
  await finish(0);
}

/** Anything unexpected: say so, mark the run failed if there is one, and leave. */
async function fail(err: unknown): Promise<void> {
  const error = classifyError(err);
  try {
    await send({ type: 'error', code: error.code, message: error.message, where: error.where, detail: error.detail });
    if (activeHandle) {
      const handle = activeHandle;
      activeHandle = undefined;
      if (!doneLogged) handle.appendEvent({ type: 'done', status: 'failed', message: error.message });
      await handle.update({ status: 'failed', message: error.message, pid: undefined });
      handle.close();
      await send({ type: 'done', status: 'failed', message: error.message });
    }
  } finally {
    await finish(1);
  }
}

async function finish(code: number): Promise<void> {
  // Electron's parentPort has no delivery callback; give the last messages a moment to leave.
  if (port.kind === 'electron') await new Promise((r) => setTimeout(r, 100));
  process.exit(code);
}

process.on('uncaughtException', (err) => void fail(err));
process.on('unhandledRejection', (err) => void fail(err));
