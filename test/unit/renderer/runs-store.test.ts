/**
 * The runs store keeps what did not change: a refresh that finds the same runs leaves the list (and
 * every record) as it was, so the Runs view re-renders nothing, and only the first listing shows as loading.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { MethodName } from '../../../src-main/common/contract';
import type { RunRecord } from '../../../src-main/engine/spec/run';
import { provideApi } from '../../../src-renderer/src/api/api-plugin';
import type { StudioClient } from '../../../src-renderer/src/api/client';
import { useRunsStore } from '../../../src-renderer/src/stores/runs';

const record = (id: string, createdAt: string, status = 'completed'): RunRecord => ({ id, name: id, createdAt, status, tags: [] }) as unknown as RunRecord;

/** A backend whose listing the test changes; each answer is a fresh copy, as over the wire. */
function listingClient(listing: () => RunRecord[]) {
  let resolveNext: (() => void) | null = null;
  let hold = false;
  const client = {
    desktop: null,
    host: 'browser',
    call: vi.fn(async (method: MethodName) => {
      if (method !== 'runs.list') throw new Error(`unexpected call ${method}`);
      if (hold) await new Promise<void>((resolve) => (resolveNext = resolve));
      return JSON.parse(JSON.stringify({ runs: listing(), skipped: [] }));
    }),
    on: () => () => undefined,
    onConnectionChange: () => () => undefined,
    onMenuCommand: () => () => undefined,
    close: () => undefined,
  } as unknown as StudioClient;
  return { client, holdAnswers: () => (hold = true), answer: () => resolveNext?.() };
}

function storeOn(client: StudioClient) {
  const pinia = createPinia();
  provideApi(pinia, client);
  setActivePinia(pinia);
  return useRunsStore();
}

describe('runs store refresh', () => {
  beforeEach(() => {
    vi.stubGlobal('window', { localStorage: { getItem: () => null, setItem: () => undefined }, location: { hash: '' } });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('keeps the list and its records when nothing changed, and takes only the changed record otherwise', async () => {
    let runs = [record('a', '2026-12-06T10:00:00Z'), record('b', '2026-12-06T11:00:00Z', 'running')];
    const { client } = listingClient(() => runs);
    const store = storeOn(client);
    expect(await store.refresh()).toBe(true);
    const first = store.runs;
    expect(first.map((r) => r.id)).toEqual(['b', 'a']);

    expect(await store.refresh()).toBe(true);
    expect(store.runs).toBe(first);

    runs = [runs[0], record('b', '2026-12-06T11:00:00Z', 'completed')];
    await store.refresh();
    expect(store.runs).not.toBe(first);
    expect(store.runs[0].status).toBe('completed');
    expect(store.runs[1]).toBe(first[1]);
  });

  it('shows loading for the first listing only', async () => {
    const { client, holdAnswers, answer } = listingClient(() => [record('a', '2026-12-06T10:00:00Z')]);
    const store = storeOn(client);
    holdAnswers();
    const firstListing = store.refresh();
    expect(store.loading).toBe(true);
    answer();
    await firstListing;
    expect(store.loading).toBe(false);

    const later = store.refresh();
    expect(store.loading).toBe(false);
    answer();
    expect(await later).toBe(true);
    expect(store.runs.map((r) => r.id)).toEqual(['a']);
  });

  it('keeps the selection array unless a selected run is gone', async () => {
    let runs = [record('a', '2026-12-06T10:00:00Z'), record('b', '2026-12-06T11:00:00Z')];
    const { client } = listingClient(() => runs);
    const store = storeOn(client);
    await store.refresh();
    store.setSelected(['a', 'b']);
    const selection = store.selectedIds;
    await store.refresh();
    expect(store.selectedIds).toBe(selection);
    runs = [runs[1]];
    await store.refresh();
    expect(store.selectedIds).toEqual(['b']);
  });
});
