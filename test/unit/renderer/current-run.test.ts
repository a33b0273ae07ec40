/**
 * The stale-record race: a job's last status event can arrive before its final record is written,
 * so the Playground/Export views first read a record without a model. Once the runs listing has the
 * final record, the view must show it (its model loaded) without any further action.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import type { EventName, MethodName } from '../../../src-main/common/contract';
import type { RunRecord } from '../../../src-main/engine/spec/run';
import { provideApi } from '../../../src-renderer/src/api/api-plugin';
import type { StudioClient } from '../../../src-renderer/src/api/client';
import { useCurrentRun } from '../../../src-renderer/src/composables/useCurrentRun';
import { useRunsStore } from '../../../src-renderer/src/stores/runs';

/** A client whose answers the test changes as the backend's state moves on. */
function scriptedClient(answers: Partial<Record<MethodName, () => unknown>>) {
  const client = {
    desktop: null,
    host: 'browser',
    call: vi.fn(async (method: MethodName) => {
      const answer = answers[method];
      if (!answer) throw new Error(`unexpected call ${method}`);
      return answer();
    }),
    on: (_event: EventName, _listener: unknown) => () => undefined,
    onConnectionChange: () => () => undefined,
    onMenuCommand: () => () => undefined,
    close: () => undefined,
  } as unknown as StudioClient;
  return client;
}

const running = { id: 'run-1', name: 'r', createdAt: '2026-12-06T10:00:00Z', status: 'running' } as unknown as RunRecord;
const finished = { ...running, status: 'completed', summary: { bestEpoch: 2, epochs: 3, bestValLoss: 0.1 } } as unknown as RunRecord;

/** Lets every pending promise and watcher settle. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
    await nextTick();
  }
}

/** useCurrentRun in its own scope on a Pinia with `client`, showing run-1; `loaded` collects the records it loads. */
async function showingRun1(client: StudioClient) {
  const pinia = createPinia();
  provideApi(pinia, client);
  setActivePinia(pinia);
  const runs = useRunsStore();
  runs.setCurrent('run-1');
  const loaded: RunRecord[] = [];
  const scope = effectScope();
  const current = scope.run(() => useCurrentRun(async (r) => void loaded.push(r)))!;
  await settle();
  return { runs, loaded, scope, current };
}

describe('useCurrentRun', () => {
  beforeEach(() => {
    vi.stubGlobal('window', { localStorage: { getItem: () => null, setItem: () => undefined }, location: { hash: '' } });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows the final record once the listing has it, even when the record was read before it was written', async () => {
    // The backend first still has the running record (the status event beat the record's write).
    let record: RunRecord = running;
    const client = scriptedClient({ 'runs.get': () => record, 'runs.list': () => ({ runs: [record], skipped: [] }) });
    const { runs, loaded, scope, current } = await showingRun1(client);
    expect(current.run.value?.status).toBe('running');
    expect(current.hasModel.value).toBe(false);

    // The view asks again at the final status event, but the record is not written yet: still no model.
    await current.show('run-1');
    await settle();
    expect(loaded).toEqual([]);

    // The record is written; the runs listing is refreshed (runs.changed) and has it.
    record = finished;
    expect(await runs.refresh()).toBe(true);
    await settle();
    expect(current.hasModel.value).toBe(true);
    expect(current.run.value?.status).toBe('completed');
    expect(loaded.map((r) => r.status)).toEqual(['completed']);

    // Another listing of the same final record loads nothing again.
    await runs.refresh();
    await settle();
    expect(loaded).toHaveLength(1);
    scope.stop();
  });

  it('follows the backend: a run shown while queued gets its model when runs.changed says it finished, with no other view listening', async () => {
    let record: RunRecord = { ...running, status: 'queued' } as RunRecord;
    const listeners = new Map<string, () => void>();
    const client = scriptedClient({ 'runs.get': () => record, 'runs.list': () => ({ runs: [record], skipped: [] }) });
    (client as unknown as { on: (event: EventName, listener: () => void) => () => void }).on = (event, listener) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    };
    const { loaded, scope, current } = await showingRun1(client);
    expect(current.run.value?.status).toBe('queued');
    expect(listeners.has('runs.changed')).toBe(true);

    record = finished;
    listeners.get('runs.changed')!();
    await settle();
    expect(current.hasModel.value).toBe(true);
    expect(loaded.map((r) => r.status)).toEqual(['completed']);

    // The view is gone: its subscription goes with it.
    scope.stop();
    expect(listeners.has('runs.changed')).toBe(false);
  });
});
