import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunStore, RunStoreError, newRunId, parseEventLog, downsampleBatches, type RunHandle } from '../../../src-main/engine/run';
import { RunConfig, RunRecord, type BackendInfo, type TrainingEvent } from '../../../src-main/engine/spec';

const config = RunConfig.parse({ series: { target: ['y'] }, window: { lookback: 6 }, model: { layers: [{ units: 4 }] }, train: {} });
const backend: BackendInfo = { name: 'cpu', native: false, tfjsVersion: '4.22.0' };
const data = { name: 'toy.csv', sha256: 'abc', rows: 10 };

const batch = (step: number, epoch = 1): TrainingEvent => ({ type: 'batch', epoch, batch: step, step, loss: 1 / (step + 1), gradNorm: 0.5, layerGradNorms: { lstm_1: 0.4 }, clipped: false, lr: 0.01 });
const epochEvent = (epoch: number): TrainingEvent => ({
  type: 'epoch', epoch, epochs: 5, trainLoss: 1 / epoch, valLoss: 1.2 / epoch, weightNorms: { lstm_1: 1 }, meanGradNorm: 0.4, clipEvents: 0, lr: 0.01, samplesPerSecond: 100, elapsedSeconds: epoch, etaSeconds: 5 - epoch, improved: true,
});

/** A pid that certainly belongs to no process: a child that has already exited and been reaped. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

let root: string;
let store: RunStore;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'runs-'));
  store = new RunStore(root);
});
let open: RunHandle[] = [];
afterEach(async () => {
  for (const h of open) h.close();
  open = [];
  await rm(root, { recursive: true, force: true });
});

async function createRun(opts: Parameters<RunStore['create']>[3] = {}): Promise<RunHandle> {
  const handle = await store.create(config, data, backend, opts);
  open.push(handle);
  return handle;
}

describe('run ids', () => {
  it('sort by creation time and name the cell', () => {
    const a = newRunId('lstm', new Date('2026-01-02T03:04:05.006Z'), 'aaaaaa');
    const b = newRunId('gru', new Date('2026-01-02T03:04:05.007Z'), '000000');
    expect(a).toBe('20260102-030405-006-aaaaaa-lstm');
    expect(a < b).toBe(true);
    expect(b).toMatch(/^[\w.-]+$/);
  });
});

describe('RunStore', () => {
  it('creates a run folder with a valid run.json and returns it from get and list', async () => {
    const handle = await createRun({ status: 'running', pid: process.pid });
    const onDisk = RunRecord.parse(JSON.parse(await readFile(join(handle.dir, 'run.json'), 'utf8')));
    expect(onDisk.id).toBe(handle.id);
    expect(onDisk.status).toBe('running');
    expect(onDisk.versions.node).toBe(process.versions.node);
    expect((await store.get(handle.id)).name).toContain('LSTM');
    const listing = await store.list();
    expect(listing.runs.map((r) => r.id)).toEqual([handle.id]);
    expect(listing.skipped).toEqual([]);
    // a live owner keeps the run running
    expect(listing.runs[0].status).toBe('running');
  });

  it('creates a run at an exact folder and refuses a folder that already holds one', async () => {
    const exact = join(root, 'my-run');
    const { store: atStore, id } = RunStore.forRunDir(exact);
    const handle = await atStore.create(config, data, backend, { id });
    open.push(handle);
    expect(handle.dir).toBe(exact);
    await expect(atStore.create(config, data, backend, { id })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('leaves no temp files behind after atomic updates', async () => {
    const handle = await createRun();
    await Promise.all([handle.update({ status: 'running' }), handle.update({ notes: 'a' }), handle.update({ tags: ['x'] })]);
    const files = await readdir(handle.dir);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const record = await store.get(handle.id);
    expect(record).toMatchObject({ status: 'running', notes: 'a', tags: ['x'] });
  });

  it('appends events and reads them back, batch events downsampled evenly, others all kept', async () => {
    const handle = await createRun();
    for (let epoch = 1; epoch <= 4; epoch++) {
      for (let b = 0; b < 50; b++) handle.appendEvent(batch((epoch - 1) * 50 + b, epoch));
      handle.appendEvent(epochEvent(epoch));
    }
    handle.appendEvent({ type: 'warning', kind: 'exploding', epoch: 4, message: 'spike' });
    handle.close();
    const all = await store.readEvents(handle.id, { maxBatchPoints: 1000 });
    expect(all.totalBatches).toBe(200);
    expect(all.events).toHaveLength(205);
    const sampled = await store.readEvents(handle.id, { maxBatchPoints: 10 });
    const batches = sampled.events.filter((e) => e.type === 'batch');
    expect(batches).toHaveLength(10);
    expect(batches[0]).toMatchObject({ step: 0 });
    expect(batches[9]).toMatchObject({ step: 199 });
    expect(sampled.events.filter((e) => e.type === 'epoch')).toHaveLength(4);
    expect(sampled.events.filter((e) => e.type === 'warning')).toHaveLength(1);
    // order is kept: the first epoch line follows the batches of epoch 1
    const firstEpochAt = sampled.events.findIndex((e) => e.type === 'epoch');
    expect(sampled.events.slice(0, firstEpochAt).every((e) => e.type === 'batch' && e.epoch === 1)).toBe(true);
  });

  it('writes epoch lines through at once while batch lines wait for the flush', async () => {
    const handle = await createRun();
    handle.appendEvent(batch(0));
    const before = await readFile(handle.metricsPath, 'utf8');
    expect(before).toBe('');
    handle.appendEvent(epochEvent(1));
    const after = parseEventLog(await readFile(handle.metricsPath, 'utf8'));
    expect(after.events.map((e) => e.type)).toEqual(['batch', 'epoch']);
  });

  it('tolerates a torn last line and starts the next append on a fresh line', async () => {
    const handle = await createRun();
    handle.appendEvent(epochEvent(1));
    handle.close();
    await appendFile(handle.metricsPath, '{"type":"epoch","epoch":2,"tra');
    const read = await store.readEvents(handle.id);
    expect(read.events).toHaveLength(1);
    expect(read.badLines).toBe(1);
    const again = await store.open(handle.id);
    open.push(again);
    again.appendEvent(epochEvent(3));
    again.close();
    const reread = await store.readEvents(handle.id);
    expect(reread.events.map((e) => (e.type === 'epoch' ? e.epoch : -1))).toEqual([1, 3]);
    expect(reread.badLines).toBe(1);
  });

  it('reports a folder with garbage run.json and a foreign folder, and lists the good run', async () => {
    const good = await createRun();
    await mkdir(join(root, 'garbage'));
    await writeFile(join(root, 'garbage', 'run.json'), '{ this is not json');
    await mkdir(join(root, 'wrong-shape'));
    await writeFile(join(root, 'wrong-shape', 'run.json'), JSON.stringify({ version: 1, id: 'x' }));
    await mkdir(join(root, 'holiday-photos'));
    await writeFile(join(root, 'comparison.json'), '{}');
    await mkdir(join(root, '.model.new.123'));
    const listing = await store.list();
    expect(listing.runs.map((r) => r.id)).toEqual([good.id]);
    const reasons = Object.fromEntries(listing.skipped.map((s) => [s.folder, s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['garbage', 'holiday-photos', 'wrong-shape']);
    expect(reasons.garbage).toMatch(/run\.json is not valid JSON/);
    expect(reasons['wrong-shape']).toMatch(/is not a run record: \w+/);
    expect(reasons['holiday-photos']).toMatch(/not a run folder: .*run\.json is missing/);
  });

  it('marks a running record whose process is gone as interrupted, keeping every metric line', async () => {
    const pid = deadPid();
    const handle = await createRun({ status: 'running', pid });
    handle.appendEvent(epochEvent(1));
    handle.appendEvent(epochEvent(2));
    handle.close();
    const listing = await store.list();
    const record = listing.runs[0];
    expect(record.status).toBe('interrupted');
    expect(record.pid).toBeUndefined();
    expect(record.message).toMatch(new RegExp(`pid ${pid}.*up to epoch 2`));
    expect((await store.get(handle.id)).status).toBe('interrupted');
    expect((await store.readEvents(handle.id)).events).toHaveLength(2);
  });

  it('updates name, tags and notes only', async () => {
    const handle = await createRun({ status: 'completed' });
    const updated = await store.update(handle.id, { name: 'best so far', tags: ['keep'], notes: 'good', ...({ status: 'failed' } as object) });
    expect(updated).toMatchObject({ name: 'best so far', tags: ['keep'], notes: 'good', status: 'completed' });
  });

  it('deletes a run, through a trash function when given one, and refuses a live one', async () => {
    const a = await createRun();
    await store.delete(a.id);
    expect((await store.list()).runs).toEqual([]);
    const b = await createRun();
    const trashed: string[] = [];
    await store.delete(b.id, { trash: async (dir) => void trashed.push(dir) });
    expect(trashed).toEqual([b.dir]);
    const live = await createRun({ status: 'running', pid: process.pid });
    await expect(store.delete(live.id)).rejects.toBeInstanceOf(RunStoreError);
    await expect(store.delete('no-such-run')).rejects.toMatchObject({ code: 'not_found' });
    await expect(store.get('../etc')).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('lists an empty or missing root as no runs', async () => {
    expect(await new RunStore(join(root, 'missing')).list()).toEqual({ runs: [], skipped: [] });
  });
});

describe('downsampleBatches', () => {
  it('keeps everything when under the limit', () => {
    const events = [batch(0), batch(1), epochEvent(1)];
    expect(downsampleBatches(events, 10)).toEqual({ events, totalBatches: 2 });
  });
});
