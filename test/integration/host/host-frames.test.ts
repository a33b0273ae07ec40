/**
 * Hostile frames against a real browser host while a model trains: a text frame that is not UTF-8
 * and a frame announcing more than the payload limit each close only their own socket, with the
 * RFC 6455 close code, while the host (its own process, as `npm run web` starts it) keeps answering
 * and the job keeps training.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES } from '../../../src-main/common/contract';
import type { RunConfig } from '../../../src-main/engine/spec';
import { connectClient, rawFrame, startHostProcess, writeRaw, type Frame, type HostClient, type HostProcess } from './host-client';

const TEXT = 0x1;

let dir: string;
let host: HostProcess;
let watcher: HostClient;
let runId: string;

const epochOf = (frame: Frame): number => {
  const payload = frame.payload as { runId?: string; event?: { type?: string; epoch?: number } } | undefined;
  return frame.event === 'job.event' && payload?.runId === runId && payload.event?.type === 'epoch' ? (payload.event.epoch ?? 0) : -1;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rnn-host-frames-'));
  host = await startHostProcess(join(dir, 'runs'), join(dir, 'data'));
  watcher = await connectClient(host);
  const dataset = await watcher.call<{ id: string }>('datasets.openSample', {});
  const suggested = await watcher.call<RunConfig>('config.suggest', { datasetId: dataset.id, target: ['Passengers'] });
  const config: RunConfig = {
    ...suggested,
    model: { ...suggested.model, layers: [{ ...suggested.model.layers[0], units: 4 }] },
    train: { ...suggested.train, epochs: 5000, earlyStopping: null },
  };
  runId = (await watcher.call<{ runId: string }>('jobs.start', { datasetId: dataset.id, config })).runId;
  await watcher.until((f) => epochOf(f) >= 1, 'the first epoch', 180_000);
}, 240_000);

afterAll(async () => {
  watcher?.close();
  await host?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The newest epoch the run has logged. */
async function lastEpoch(): Promise<number> {
  const { events } = await watcher.call<{ events: { type: string; epoch?: number }[] }>('runs.events', { runId, maxBatchPoints: 10 });
  return Math.max(0, ...events.map((e) => (e.type === 'epoch' ? (e.epoch ?? 0) : 0)));
}

/** The host still answers a new socket, the job is still running and logs another epoch. */
async function hostAndJobAlive(epochBefore: number): Promise<void> {
  const fresh = await connectClient(host);
  try {
    expect((await fresh.call<{ host: string }>('app.info', {})).host).toBe('browser');
  } finally {
    fresh.close();
  }
  expect(host.child.exitCode).toBeNull();
  expect((await watcher.call<{ status: string }>('runs.get', { runId })).status).toBe('running');
  await watcher.until((f) => epochOf(f) > epochBefore, `an epoch after ${epochBefore}`);
}

describe('hostile frames', () => {
  it('closes a socket that sends a text frame with invalid UTF-8 with 1007, and nothing else', async () => {
    const victim = await connectClient(host);
    const epochBefore = await lastEpoch();
    writeRaw(victim.socket, rawFrame(TEXT, Buffer.from([0xff, 0xfe, 0xfd])));
    const { code } = await victim.closed;
    expect(code).toBe(1007);
    await hostAndJobAlive(epochBefore);
  });

  it('closes a socket that announces a frame over the payload limit with 1009, before receiving it', async () => {
    const victim = await connectClient(host);
    const epochBefore = await lastEpoch();
    // Only the header and a few bytes are sent: the limit must be enforced on the announced length.
    writeRaw(victim.socket, rawFrame(TEXT, Buffer.from('{"id":1,'), MAX_FRAME_BYTES + 1));
    const { code } = await victim.closed;
    expect(code).toBe(1009);
    await hostAndJobAlive(epochBefore);
  });

  it('keeps the frame limit at the contract’s upload size plus room for the JSON around it', () => {
    expect(MAX_FRAME_BYTES).toBe(64 * 1024 * 1024 + 64 * 1024);
  });
});
