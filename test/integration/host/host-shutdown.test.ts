/**
 * Closing the browser host while a model trains (what SIGINT/SIGTERM do): the job is stopped, not
 * lost — the run is recorded as stopped, with its metrics and its best model kept on disk.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RunConfig } from '../../../src-main/engine/spec';
import { startHost } from '../../../src-main/host/server';
import { cookieName } from '../../../src-main/host/token';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('browser host shutdown', () => {
  it('stops a training job and keeps its record, metrics and best model', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rnn-host-stop-'));
    dirs.push(dir);
    const runsDir = join(dir, 'runs');
    const host = await startHost({ runsDir, dataDir: join(dir, 'data'), rendererDir: join(dir, 'r') });
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api`, { headers: { Origin: `http://127.0.0.1:${host.port}`, Cookie: `${cookieName(host.port)}=${host.token}` } });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const frames: Array<Record<string, unknown>> = [];
    const waiters: Array<() => void> = [];
    socket.on('message', (data) => {
      frames.push(JSON.parse(data.toString()) as Record<string, unknown>);
      for (const wake of waiters.splice(0)) wake();
    });
    const until = async (predicate: (f: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> => {
      for (;;) {
        const found = frames.find(predicate);
        if (found) return found;
        await new Promise<void>((wake) => waiters.push(wake));
      }
    };
    let nextId = 1;
    const call = async (method: string, input: unknown): Promise<unknown> => {
      const id = nextId++;
      socket.send(JSON.stringify({ id, method, input }));
      const frame = await until((f) => f.id === id);
      if (frame.ok !== true) throw new Error(`${method} failed: ${JSON.stringify(frame.error)}`);
      return frame.output;
    };

    const dataset = (await call('datasets.openSample', {})) as { id: string };
    const suggested = (await call('config.suggest', { datasetId: dataset.id, target: ['Passengers'] })) as RunConfig;
    const config: RunConfig = {
      ...suggested,
      model: { ...suggested.model, layers: [{ ...suggested.model.layers[0], units: 4 }] },
      train: { ...suggested.train, epochs: 1000, earlyStopping: null },
    };
    const { runId } = (await call('jobs.start', { datasetId: dataset.id, config })) as { runId: string };
    // Past the second epoch, so a best model has been saved.
    await until((f) => {
      const payload = f.payload as { runId?: string; event?: { type?: string; epoch?: number } } | undefined;
      return f.event === 'job.event' && payload?.runId === runId && payload.event?.type === 'epoch' && (payload.event.epoch ?? 0) >= 2;
    });

    await host.close();

    const runDir = join(runsDir, runId);
    const record = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as { status: string };
    expect(record.status).toBe('stopped');
    const epochLines = readFileSync(join(runDir, 'metrics.ndjson'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('"type":"epoch"'));
    expect(epochLines.length).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(runDir, 'model', 'model.json'))).toBe(true);
  });
});
