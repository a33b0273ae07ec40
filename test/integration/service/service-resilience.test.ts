/**
 * What must not go wrong when things go wrong: a worker killed mid-training, a sweep cancelled
 * midway, several workers training side by side for the cell comparison. Real processes throughout.
 */
import { constants } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { threadNiceValues } from '../runs/harness';
import { startHarness, tinyConfig, waitForDone, waitForEvent, type Harness } from './service-harness';

let h: Harness;
let datasetId: string;

beforeAll(async () => {
  await initBackend();
  h = await startHarness();
  datasetId = (await h.api.call('datasets.openSample', {})).id;
});
afterAll(async () => h?.close());

describe('a worker that dies', () => {
  it('pauses and resumes, then on SIGKILL the run is failed with its metrics kept and the service still answers', async () => {
    const started: { runId?: string } = {};
    const firstEpoch = waitForEvent(h.api, 'job.event', (p) => p.runId === started.runId && p.event.type === 'epoch', 'the first epoch');
    const done = waitForDone(h.api, () => started.runId);
    started.runId = (await h.api.call('jobs.start', { datasetId, config: tinyConfig((c) => (c.train = { ...c.train, epochs: 2000 })) })).runId;
    await firstEpoch;

    const paused = waitForEvent(h.api, 'job.event', (p) => p.runId === started.runId && p.event.type === 'status' && p.event.status === 'paused', 'paused');
    await h.api.call('jobs.pause', { runId: started.runId as string });
    await paused;
    const resumed = waitForEvent(h.api, 'job.event', (p) => p.runId === started.runId && p.event.type === 'status' && p.event.status === 'running', 'resumed');
    await h.api.call('jobs.resume', { runId: started.runId as string });
    await resumed;
    const anotherEpoch = waitForEvent(h.api, 'job.event', (p) => p.runId === started.runId && p.event.type === 'epoch', 'an epoch after resuming');
    await anotherEpoch;

    const runId = started.runId as string;
    const { pid } = await h.api.call('runs.get', { runId });
    expect(pid).toBeGreaterThan(0);
    // The app's jobs train in the background, so the interface wins a contested core.
    expect(threadNiceValues(pid as number).every((nice) => nice >= constants.priority.PRIORITY_BELOW_NORMAL)).toBe(true);
    process.kill(pid as number, 'SIGKILL');
    const last = await done;
    expect(last.status).toBe('failed');
    expect(last.message).toMatch(/SIGKILL/);

    const record = await h.api.call('runs.get', { runId });
    expect(record.status).toBe('failed');
    expect(record.message).toMatch(/exited unexpectedly \(signal SIGKILL\) after epoch \d+/);
    const { events } = await h.api.call('runs.events', { runId, maxBatchPoints: 100 });
    expect(events.filter((e) => e.type === 'epoch').length).toBeGreaterThanOrEqual(2);
    expect(h.service.activeJobs()).toBe(0);
    expect((await h.api.call('app.info', {})).host).toBe('browser');
    // The best checkpoint survived the crash and still predicts.
    const forecast = await h.api.call('predict.forecast', { runId, split: 'val' });
    expect(forecast.predicted.length).toBeGreaterThan(0);
  });
});

describe('a sweep', () => {
  it('cancelled after its first trial keeps the finished run and never starts the rest', async () => {
    const changes: number[] = [];
    const sweep: { group?: string } = {};
    const firstFinished = waitForEvent(h.api, 'sweeps.changed', (s) => s.group === sweep.group && s.finished >= 1, 'the first trial to finish');
    h.api.on('sweeps.changed', (s) => {
      if (s.group === sweep.group) changes.push(s.finished);
    });
    const started = await h.api.call('sweeps.start', {
      datasetId,
      config: tinyConfig(),
      sweep: { mode: 'grid', space: { lr: [0.02, 0.03, 0.04] }, concurrency: 1 },
    });
    sweep.group = started.group;
    const group = started.group;
    expect(started).toMatchObject({ status: 'running', total: 3 });
    await firstFinished;
    const cancelled = await h.api.call('sweeps.cancel', { group });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.total).toBe(3);
    expect(cancelled.runIds.length).toBeLessThan(3);
    expect(cancelled.finished).toBe(cancelled.runIds.length);
    const first = await h.api.call('runs.get', { runId: cancelled.runIds[0] });
    expect(first.status).toBe('completed');
    expect(first.group).toBe(group);
    expect(first.config.train.optimizer.lr).toBe(0.02);
    expect(cancelled.bestRunId).toBe(first.id);
    expect(h.service.activeJobs()).toBe(0);
    expect(await h.api.call('sweeps.get', { group })).toEqual(cancelled);
    expect(changes.length).toBeGreaterThan(0);

    // Against the killed run (tiny config, 2000 epochs): only what differs is listed.
    const killed = (await h.api.call('runs.list', {})).runs.find((r) => r.group === undefined && r.status === 'failed');
    expect(killed).toBeDefined();
    const diff = await h.api.call('compare.runs', { runIds: [killed?.id as string, first.id] });
    expect(diff.configDiff).toEqual([
      { path: 'name', values: [null, 'lr=0.02'] },
      { path: 'train.epochs', values: [2000, 2] },
      { path: 'train.optimizer.lr', values: [0.01, 0.02] },
    ]);
  });
});

describe('the cell comparison', () => {
  it('trains RNN, LSTM and GRU on the same setup and tabulates three rows', async () => {
    const { group } = await h.api.call('compare.cells', { datasetId, config: tinyConfig() });
    let result = await h.api.call('compare.cellsResult', { group });
    while (result.status === 'running') {
      const progressed = waitForEvent(h.api, 'compare.cellsChanged', (p) => p.group === group, 'cell comparison progress');
      result = await h.api.call('compare.cellsResult', { group });
      if (result.status !== 'running') break;
      await progressed;
      result = await h.api.call('compare.cellsResult', { group });
    }
    expect(result.status).toBe('completed');
    expect(result.rows.map((r) => r.cell)).toEqual(['rnn', 'lstm', 'gru']);
    const [rnn, lstm, gru] = result.rows;
    // Same units: an LSTM has 4 gate blocks, a GRU 3, a simple RNN 1.
    expect(lstm.params).toBeGreaterThan(gru.params);
    expect(gru.params).toBeGreaterThan(rnn.params);
    expect(result.markdown).toContain('| RNN |');
    expect(result.csv.trim().split('\n')).toHaveLength(4);
    const records = await Promise.all(result.rows.map((r) => h.api.call('runs.get', { runId: r.runId })));
    expect(new Set(records.map((r) => r.group))).toEqual(new Set([group]));
    expect(new Set(records.map((r) => JSON.stringify({ ...r.config, model: { ...r.config.model, cell: 'x' }, name: '' }))).size).toBe(1);
  });
});
