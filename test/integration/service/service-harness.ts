/**
 * A real service over temp folders, reached through the JSON round-tripping in-memory client, plus
 * event waits that resolve on the event itself (with a deadline, never a fixed sleep).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { StudioError, type EventName, type EventPayload, type StudioApi } from '../../../src-main/common/contract';
import type { RunConfigInput } from '../../../src-main/engine/spec';
import { createStudioService, type StudioService } from '../../../src-main/service';
import { createInMemoryClient } from '../../../src-main/service/in-memory-client';

export interface Harness {
  root: string;
  runsDir: string;
  dataDir: string;
  service: StudioService;
  api: StudioApi;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const root = await mkdtemp(join(tmpdir(), 'rnn-studio-service-'));
  const runsDir = join(root, 'runs');
  const dataDir = join(root, 'data');
  const service = createStudioService({ runsDir, dataDir, host: 'browser', appVersion: '0.0.0-test' });
  return {
    root,
    runsDir,
    dataDir,
    service,
    api: createInMemoryClient(service),
    async close() {
      await service.dispose();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Resolves with the first payload of `event` that matches, or rejects after `timeoutMs` naming what it waited for. */
export function waitForEvent<E extends EventName>(
  api: StudioApi,
  event: E,
  matches: (payload: EventPayload<E>) => boolean,
  what: string,
  timeoutMs = 120_000,
): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const off = api.on(event, (payload) => {
      if (!matches(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** The final `done` event of a run; subscribe before starting the run so it cannot be missed. */
export function waitForDone(api: StudioApi, runId: () => string | undefined, timeoutMs?: number) {
  return waitForEvent(api, 'job.event', (p) => p.runId === runId() && p.event.type === 'done', 'the run to finish', timeoutMs).then((p) => {
    if (p.event.type !== 'done') throw new Error('unreachable');
    return p.event;
  });
}

/** A small, quick config on the airline sample: 8 LSTM units, lookback 12, 2 epochs. */
export function tinyConfig(overrides: (config: RunConfigInput) => void = () => undefined): RunConfigInput {
  const config: RunConfigInput = {
    series: { target: ['Passengers'], date: 'Month', transforms: [{ kind: 'log' }], season: 12 },
    window: { lookback: 12, horizon: 1 },
    model: { cell: 'lstm', layers: [{ units: 8 }] },
    train: { epochs: 2, batchSize: 32, seed: 7, optimizer: { kind: 'adam', lr: 0.01 }, earlyStopping: null },
  };
  overrides(config);
  return config;
}


/** The StudioError a call fails with (the test fails if it succeeds or throws anything else). */
export async function callError(promise: Promise<unknown>): Promise<StudioError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(StudioError);
    return err as StudioError;
  }
  throw new Error('expected the call to fail');
}
