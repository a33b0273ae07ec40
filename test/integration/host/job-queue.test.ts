/**
 * One queue for every training job: with the browser host limited to one worker, a job and a cell
 * comparison (three more runs) never have more than one worker process alive; the waiting runs are
 * `queued` with their positions in `jobs.queue` and `jobs.queueChanged`, a queued run can be taken
 * out of the queue, and the others all run to the end. Over a real WebSocket, with real workers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobQueue } from '../../../src-main/common/contract';
import type { RunConfig } from '../../../src-main/engine/spec';
import { startHost, type RunningHost } from '../../../src-main/host/server';
import { connectClient, type Frame, type HostClient } from './host-client';

/** Live training-worker processes whose parent is this process (the in-process host forks them). */
function workerProcesses(): number {
  let count = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[0] is the state (Z: exited, not yet reaped), fields[1] the parent's pid.
      if (Number(fields[1]) !== process.pid || fields[0] === 'Z') continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('training-worker')) count++;
    } catch {
      // The process ended while being read.
    }
  }
  return count;
}

let dir: string;
let host: RunningHost;
let client: HostClient;
let datasetId: string;
let config: RunConfig;
let mostWorkersSeen = 0;
let sampler: NodeJS.Timeout;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rnn-host-queue-'));
  host = await startHost({ runsDir: join(dir, 'runs'), dataDir: join(dir, 'data'), rendererDir: join(dir, 'no-renderer'), maxWorkers: 1 });
  client = await connectClient(host);
  datasetId = (await client.call<{ id: string }>('datasets.openSample', {})).id;
  const suggested = await client.call<RunConfig>('config.suggest', { datasetId, target: ['Passengers'] });
  config = {
    ...suggested,
    model: { ...suggested.model, layers: [{ ...suggested.model.layers[0], units: 4 }] },
    train: { ...suggested.train, epochs: 2, earlyStopping: null },
  };
  // Sampled all along, not only at the moments the test looks.
  sampler = setInterval(() => (mostWorkersSeen = Math.max(mostWorkersSeen, workerProcesses())), 100);
});

afterAll(async () => {
  clearInterval(sampler);
  client?.close();
  await host?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const isDone = (runId: string) => (f: Frame) => {
  const payload = f.payload as { runId?: string; event?: { type?: string } } | undefined;
  return f.event === 'job.event' && payload?.runId === runId && payload.event?.type === 'done';
};

describe('the job queue', () => {
  it('runs at most maxWorkers workers, shows queued positions, and runs every job in the end', async () => {
    const first = (await client.call<{ runId: string }>('jobs.start', { datasetId, config: { ...config, train: { ...config.train, epochs: 400 } } })).runId;
    const { group } = await client.call<{ group: string }>('compare.cells', { datasetId, config });
    // The comparison creates its runs as it starts; the next job queues behind them.
    await client.until((f) => f.event === 'jobs.queueChanged' && (f.payload as JobQueue).queued.length === 3, 'the three cell runs in the queue');
    const extra = (await client.call<{ runId: string }>('jobs.start', { datasetId, config })).runId;

    // The cell comparison's three runs join behind the first job, and the extra one behind them.
    const queue = await client.call<JobQueue>('jobs.queue', {});
    expect(queue.maxWorkers).toBe(1);
    expect(queue.running).toEqual([first]);
    expect(queue.queued).toHaveLength(4);
    expect(queue.queued[3]).toBe(extra);
    const cellRuns = queue.queued.slice(0, 3);
    for (const runId of queue.queued) expect((await client.call<{ status: string }>('runs.get', { runId })).status).toBe('queued');
    const pushed = await client.until((f) => f.event === 'jobs.queueChanged' && (f.payload as JobQueue).queued.length === 4, 'a queue event with four waiting runs');
    expect((pushed.payload as JobQueue).queued).toEqual(queue.queued);

    // A waiting run cannot be paused, and stopping it takes it out of the queue without starting it.
    const paused = await client.refused('jobs.pause', { runId: extra });
    expect(paused.message).toContain('waiting in the queue (position 4)');
    await client.call('jobs.stop', { runId: extra });
    const stopped = await client.call<{ status: string; message?: string }>('runs.get', { runId: extra });
    expect(stopped).toMatchObject({ status: 'stopped', message: expect.stringContaining('never started') });
    expect((await client.call<JobQueue>('jobs.queue', {})).queued).toEqual(cellRuns);

    await client.call('jobs.stop', { runId: first });
    await client.until(isDone(first), 'the first job to stop');
    for (const runId of cellRuns) await client.until(isDone(runId), `cell run ${runId} to finish`, 300_000);

    const result = await client.call<{ status: string; rows: unknown[] }>('compare.cellsResult', { group });
    expect(result.rows).toHaveLength(3);
    for (const runId of cellRuns) expect((await client.call<{ status: string }>('runs.get', { runId })).status).toBe('completed');
    expect(await client.call<JobQueue>('jobs.queue', {})).toEqual({ maxWorkers: 1, running: [], queued: [] });
    expect(mostWorkersSeen).toBe(1);
  }, 600_000);
});
