/**
 * What-if edits in the Playground store: the first edit is sent at once (no debounce), edits made
 * while it is answered are coalesced into one request for the newest window, and the prediction
 * shown is the newest window's.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { MethodName, Rollout } from '../../../src-main/common/contract';
import { provideApi } from '../../../src-renderer/src/api/api-plugin';
import type { StudioClient } from '../../../src-renderer/src/api/client';
import { usePlaygroundStore } from '../../../src-renderer/src/stores/playground';

interface Pending {
  window: number[][];
  answer: () => void;
}

function rolloutFor(window: number[][]): Rollout {
  return { input: window, inputColumns: ['y'], predicted: [[window[window.length - 1][0] * 2]], targets: ['y'], x: [1] };
}

describe('what-if edits', () => {
  let sent: Pending[];
  beforeEach(() => {
    vi.stubGlobal('window', { localStorage: { getItem: () => null, setItem: () => undefined }, location: { hash: '' } });
    sent = [];
    const client = {
      desktop: null,
      host: 'browser',
      uploadFile: null,
      call: vi.fn((method: MethodName, input: { window: number[][] }) => {
        if (method !== 'predict.fromWindow') return Promise.reject(new Error(`unexpected call ${method}`));
        return new Promise((resolve) => sent.push({ window: input.window, answer: () => resolve(rolloutFor(input.window)) }));
      }),
      on: () => () => undefined,
      onConnectionChange: () => () => undefined,
      onMenuCommand: () => () => undefined,
      close: () => undefined,
    } as unknown as StudioClient;
    const pinia = createPinia();
    provideApi(pinia, client);
    setActivePinia(pinia);
  });

  it('sends the first edit at once and coalesces edits made while it is answered into the newest window', async () => {
    const play = usePlaygroundStore();
    play.runId = 'run-1';
    play.window = [[1], [2], [3]];

    play.editWindow(2, 0, 10);
    expect(sent.map((s) => s.window[2][0])).toEqual([10]); // no timer: already on its way
    expect(play.windowPending).toBe(true);

    play.editWindow(2, 0, 11);
    play.editWindow(2, 0, 12);
    play.editWindow(1, 0, 7);
    expect(sent).toHaveLength(1); // one request at a time

    sent[0].answer();
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1].window).toEqual([[1], [7], [12]]); // only the newest window, once
    expect(play.windowPending).toBe(true); // the shown prediction is not the newest window's yet

    sent[1].answer();
    await vi.waitFor(() => expect(play.windowPending).toBe(false));
    expect(play.windowPrediction?.predicted).toEqual([[24]]);
    expect(sent).toHaveLength(2);
  });
});
