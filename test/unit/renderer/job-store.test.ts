/**
 * The job store with a client installed on its own Pinia (no global singleton): the Train view's
 * figures (ETA, last losses) must change as epochs arrive — the trace is mutated in place, so a
 * value computed from it directly would never change.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { EventName, EventPayload, MethodName } from '../../../src-main/common/contract';
import { provideApi } from '../../../src-renderer/src/api/api-plugin';
import type { StudioClient } from '../../../src-renderer/src/api/client';
import { useDatasetStore } from '../../../src-renderer/src/stores/dataset';
import { useJobStore } from '../../../src-renderer/src/stores/job';

type Listener = (payload: unknown) => void;

function fakeClient(answers: Partial<Record<MethodName, unknown>>) {
  const listeners = new Map<string, Listener[]>();
  const client = {
    desktop: null,
    host: 'browser',
    call: vi.fn(async (method: MethodName) => {
      if (!(method in answers)) throw new Error(`unexpected call ${method}`);
      return answers[method];
    }),
    on: (event: EventName, listener: Listener) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return () => undefined;
    },
    onConnectionChange: () => () => undefined,
    onMenuCommand: () => () => undefined,
    close: () => undefined,
  } as unknown as StudioClient;
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => (listeners.get(event) ?? []).forEach((l) => l(payload));
  return { client, emit };
}

/** A job store on its own Pinia with a dataset open and run-1 started. */
async function startedJob() {
  const { client, emit } = fakeClient({
    'jobs.start': { runId: 'run-1' },
    'runs.get': { id: 'run-1', name: 'a · GRU 8 · lookback 8 · 05:11' },
    'config.validate': { ok: true, errors: [] },
  });
  const pinia = createPinia();
  provideApi(pinia, client);
  setActivePinia(pinia);
  useDatasetStore().summary = { id: 'ds-1', name: 'a.csv', format: 'csv', sha256: 'abc', rows: 10, columns: [], issues: [] };
  const job = useJobStore();
  expect(await job.start()).toBe(true);
  return { job, emit };
}

const epoch = (n: number, trainLoss: number, etaSeconds: number) => ({
  type: 'epoch' as const,
  epoch: n,
  epochs: 5,
  trainLoss,
  valLoss: trainLoss * 1.5,
  weightNorms: {},
  meanGradNorm: 0.5,
  clipEvents: 0,
  improved: true,
  lr: 0.01,
  samplesPerSecond: 100,
  elapsedSeconds: n,
  etaSeconds,
});

describe('job store', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    // The app store reads the saved theme; nothing else of the page is needed here.
    vi.stubGlobal('window', { localStorage: { getItem: () => null, setItem: () => undefined }, location: { hash: '' } });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('shows each new epoch’s ETA and losses', async () => {
    const { job, emit } = await startedJob();
    await vi.waitFor(() => expect(job.runName).toBe('a · GRU 8 · lookback 8 · 05:11'));

    emit('job.event', { runId: 'run-1', event: epoch(1, 0.9, 40) });
    vi.advanceTimersByTime(1000);
    expect(job.live.etaSeconds).toBe(40);
    expect(job.live.lastEpoch?.trainLoss).toBe(0.9);

    emit('job.event', { runId: 'run-1', event: epoch(2, 0.4, 30) });
    vi.advanceTimersByTime(1000);
    expect(job.live.etaSeconds).toBe(30);
    expect(job.live.lastEpoch?.trainLoss).toBe(0.4);
    expect(job.live.currentEpoch).toBe(2);
  });

  it('shows the engine’s ETA from a few batches in, before the first epoch ends', async () => {
    const { job, emit } = await startedJob();
    const batch = (step: number, etaSeconds?: number) => ({
      type: 'batch' as const,
      epoch: 1,
      batch: step,
      step,
      loss: 1,
      gradNorm: 1,
      layerGradNorms: {},
      clipped: false,
      lr: 0.01,
      ...(etaSeconds === undefined ? {} : { etaSeconds }),
    });
    emit('job.event', { runId: 'run-1', event: batch(1) });
    vi.advanceTimersByTime(1000);
    expect(job.live.etaSeconds).toBeNull();
    emit('job.event', { runId: 'run-1', event: batch(3, 120) });
    vi.advanceTimersByTime(1000);
    expect(job.live.etaSeconds).toBe(120);
    expect(job.live.lastEpoch).toBeNull();
    emit('job.event', { runId: 'run-1', event: batch(4, 110) });
    vi.advanceTimersByTime(1000);
    expect(job.live.etaSeconds).toBe(110);
  });

  it('redraws the live charts at most once a second, the figures more often', async () => {
    const { job, emit } = await startedJob();
    await vi.waitFor(() => expect(job.runName).not.toBeNull());
    const figuresBefore = job.version;
    const chartsBefore = job.chartVersion;
    // A batch every 50 ms for 3 s.
    for (let step = 1; step <= 60; step++) {
      emit('job.event', {
        runId: 'run-1',
        event: { type: 'batch', epoch: 1, batch: step, step, loss: 1, gradNorm: 1, layerGradNorms: {}, clipped: false, lr: 0.01 },
      });
      vi.advanceTimersByTime(50);
    }
    vi.advanceTimersByTime(1000);
    const figures = job.version - figuresBefore;
    const charts = job.chartVersion - chartsBefore;
    expect(figures).toBeGreaterThanOrEqual(9);
    expect(charts).toBeGreaterThanOrEqual(3);
    expect(charts).toBeLessThanOrEqual(4);
    // The last batch is drawn: nothing waits any more.
    expect(vi.getTimerCount()).toBe(0);
    // A status change is drawn at once.
    emit('job.event', { runId: 'run-1', event: { type: 'status', status: 'paused' } as never });
    expect(job.chartVersion - chartsBefore).toBe(charts + 1);
  });

  it('fails loudly without a client on its Pinia', () => {
    setActivePinia(createPinia());
    expect(() => useJobStore()).toThrow(/no API client/);
  });
});
