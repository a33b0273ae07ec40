/**
 * The service end to end with real worker processes and real files: the sample dataset through
 * suggestion, validation, a 2-epoch training job, predictions, export, an exact re-run and a
 * comparison — every payload JSON round-tripped like a real transport.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodOutput } from '../../../src-main/common/contract';
import { initBackend } from '../../../src-main/engine/backend';
import { loadModelDir } from '../../../src-main/engine/export';
import { callError, startHarness, tinyConfig, waitForDone, waitForEvent, type Harness } from './service-harness';

let h: Harness;
let datasetId: string;
let runId: string;

beforeAll(async () => {
  await initBackend();
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('datasets', () => {
  it('opens the bundled sample and pages its raw rows', async () => {
    const summary = await h.api.call('datasets.openSample', {});
    datasetId = summary.id;
    expect(summary.rows).toBe(144);
    expect(summary.dateColumn).toBe('Month');
    const page = await h.api.call('datasets.rows', { datasetId, offset: 140, limit: 10 });
    expect(page.total).toBe(144);
    expect(page.columns).toEqual(['Month', 'Passengers']);
    expect(page.rows).toHaveLength(4);
    expect(page.rows[3][1]).toBe('432');
  });

  it('downsamples a series for charts, keeping the peak, with ISO dates as x', async () => {
    const full = await h.api.call('datasets.series', { datasetId, columns: ['Passengers'], maxPoints: 20_000 });
    expect(full.x).toHaveLength(144);
    const values = full.columns.Passengers as number[];
    const peak = Math.max(...values);
    const small = await h.api.call('datasets.series', { datasetId, columns: ['Passengers'], maxPoints: 40 });
    expect(small.index.length).toBeLessThanOrEqual(40);
    expect(small.columns.Passengers).toContain(peak);
    expect(small.totalRows).toBe(144);
    expect(String(small.x[0])).toMatch(/^1949-01-01T/);
  });

  it('saves an upload under its content hash in dataDir and loads it from there', async () => {
    const csv = 't,v\n' + Array.from({ length: 60 }, (_, i) => `${i},${Math.sin(i / 3) + i / 10}`).join('\n') + '\n';
    const summary = await h.api.call('datasets.upload', { name: '../evil/name?.csv', base64: Buffer.from(csv).toString('base64') });
    expect(summary.rows).toBe(60);
    expect(summary.path?.startsWith(h.dataDir)).toBe(true);
    expect(summary.path?.endsWith('name_.csv')).toBe(true);
    expect(readFileSync(summary.path as string, 'utf8')).toBe(csv);
  });

  it('answers a missing file with not_found and an unknown column with bad_input naming it', async () => {
    const missing = await callError(h.api.call('datasets.openPath', { path: join(h.root, 'nope.csv') }));
    expect(missing.code).toBe('not_found');
    const column = await callError(h.api.call('datasets.series', { datasetId, columns: ['Nope'], maxPoints: 100 }));
    expect(column.code).toBe('bad_input');
    expect(column.where).toBe('columns.0');
    expect(column.message).toContain('Passengers');
    const zod = await callError(h.api.call('datasets.rows', { datasetId, offset: -1, limit: 5 }));
    expect(zod.code).toBe('bad_input');
    expect(zod.where).toBe('offset');
  });
});

describe('config', () => {
  it('suggests a valid config and describes its model', async () => {
    const suggested = await h.api.call('config.suggest', { datasetId, target: ['Passengers'] });
    expect(suggested.series.target).toEqual(['Passengers']);
    const check = await h.api.call('config.validate', { datasetId, config: suggested });
    expect(check.ok).toBe(true);
    expect(check.description?.totalParams).toBeGreaterThan(0);
  });

  it('points bad layer units at model.layers.0.units', async () => {
    const config = tinyConfig((c) => (c.model.layers = [{ units: 0 }]));
    const check = await h.api.call('config.validate', { datasetId, config });
    expect(check.ok).toBe(false);
    expect(check.errors.map((e) => e.path)).toContain('model.layers.0.units');
  });

  it('points the linear shortcut on a topology other than many-to-one at model.linearShortcut', async () => {
    const config = tinyConfig((c) => {
      c.model.topology = 'many-to-many';
      c.model.linearShortcut = true;
    });
    const check = await h.api.call('config.validate', { datasetId, config });
    expect(check.ok).toBe(false);
    expect(check.errors).toEqual([{ path: 'model.linearShortcut', message: expect.stringMatching(/switch it off or use many-to-one/) }]);
    const many2one = await h.api.call('config.validate', { datasetId, config: tinyConfig((c) => (c.model.linearShortcut = true)) });
    expect(many2one.ok).toBe(true);
    expect(many2one.description?.layers.map((l) => l.name)).toContain('shortcut_add');
  });

  it('says inline when the lookback is too long for this data', async () => {
    const config = tinyConfig((c) => (c.window.lookback = 200));
    const withoutData = await h.api.call('config.validate', { config });
    expect(withoutData.ok).toBe(true);
    const withData = await h.api.call('config.validate', { datasetId, config });
    expect(withData.ok).toBe(false);
    expect(withData.errors[0].path).toBe('window.lookback');
    expect(withData.errors[0].message).toMatch(/row/);
  });

  it('refuses to start a job whose config cannot train, before any worker starts', async () => {
    const err = await callError(h.api.call('jobs.start', { datasetId, config: tinyConfig((c) => (c.window.lookback = 200)) }));
    expect(err.code).toBe('bad_input');
    expect(err.where).toBe('window.lookback');
    expect(h.service.activeJobs()).toBe(0);
  });
});

describe('a training job', () => {
  let summary: NonNullable<MethodOutput<'runs.get'>['summary']>;

  it('trains 2 epochs in a worker, streaming epoch events, and completes with a summary', async () => {
    const epochs: number[] = [];
    const off = h.api.on('job.event', (p) => {
      if (p.runId === runId && p.event.type === 'epoch') epochs.push(p.event.epoch);
    });
    const changed = waitForEvent(h.api, 'runs.changed', (p) => p.runId !== undefined, 'runs.changed on start');
    const done = waitForDone(h.api, () => runId);
    runId = (await h.api.call('jobs.start', { datasetId, config: tinyConfig() })).runId;
    expect((await changed).runId).toBe(runId);
    const last = await done;
    off();
    expect(last.status).toBe('completed');
    expect(epochs).toEqual([1, 2]);
    const record = await h.api.call('runs.get', { runId });
    expect(record.status).toBe('completed');
    expect(record.data.path).toMatch(/airline-passengers\.csv$/);
    expect(record.summary?.epochs).toBe(2);
    summary = record.summary as typeof summary;
    expect(Number.isFinite(summary.test.mase)).toBe(true);
    expect(h.service.activeJobs()).toBe(0);

    const listing = await h.api.call('runs.list', {});
    expect(listing.runs.map((r) => r.id)).toContain(runId);
    const logged = await h.api.call('runs.events', { runId, maxBatchPoints: 10 });
    expect(logged.events.filter((e) => e.type === 'epoch')).toHaveLength(2);
    expect(logged.events.filter((e) => e.type === 'batch').length).toBeLessThanOrEqual(10);
    expect(logged.totalBatches).toBeGreaterThan(0);
  });

  it('forecasts the test split with both baselines, matching the summary’s metrics', async () => {
    const forecast = await h.api.call('predict.forecast', { runId, split: 'test' });
    expect(forecast.runId).toBe(runId);
    expect(forecast.x.length).toBeGreaterThan(0);
    for (const series of [forecast.actual, forecast.predicted, forecast.naive, forecast.seasonalNaive]) {
      expect(series).toHaveLength(forecast.x.length);
      expect(series[0]).toHaveLength(1);
    }
    expect(forecast.metrics.model.mae).toBeCloseTo(summary.test.mae, 6);
    expect(forecast.metrics.seasonalNaive.mase).toBeCloseTo(summary.baselines.seasonalNaive.mase, 6);
  });

  it('rolls out and predicts from an edited window in original units', async () => {
    const rollout = await h.api.call('predict.rollout', { runId, at: 100, steps: 5 });
    expect(rollout.predicted).toHaveLength(5);
    expect(rollout.input).toHaveLength(12);
    expect(rollout.inputColumns).toEqual(['Passengers']);
    expect(rollout.predicted.flat().every((v) => v > 50 && v < 2000)).toBe(true);
    const window = rollout.input.map((row) => row.map((v) => v * 1.1));
    const edited = await h.api.call('predict.fromWindow', { runId, window });
    expect(edited.predicted).toHaveLength(1);
    const outOfRange = await callError(h.api.call('predict.rollout', { runId, at: 3, steps: 5 }));
    expect(outOfRange.code).toBe('bad_input');
    expect(outOfRange.where).toBe('at');
    const shortWindow = await callError(h.api.call('predict.fromWindow', { runId, window: window.slice(2) }));
    expect(shortWindow.code).toBe('bad_input');
  });

  it('forecasts past the data with nested intervals and backtests over the test period', async () => {
    const ahead = await h.api.call('predict.ahead', { runId, steps: 6 });
    expect(ahead.x.map((x) => String(x).slice(0, 7))).toEqual(['1961-01', '1961-02', '1961-03', '1961-04', '1961-05', '1961-06']);
    expect(ahead.history.actual[ahead.history.actual.length - 1]).toBe(432);
    const [i80, i95] = ahead.intervals;
    ahead.predicted.forEach((p, h) => {
      expect(i95.lower[h]!).toBeLessThanOrEqual(i80.lower[h]!);
      expect(i80.lower[h]!).toBeLessThanOrEqual(p);
      expect(p).toBeLessThanOrEqual(i80.upper[h]!);
      expect(i80.upper[h]!).toBeLessThanOrEqual(i95.upper[h]!);
    });
    expect(ahead.csv.split('\n')[0]).toBe('x,step,predicted_Passengers,lower_80,upper_80,lower_95,upper_95');
    expect(ahead.features).toBe('no input features');

    const check = await h.api.call('predict.backtest', { runId, horizon: 3 });
    expect(check.perStep.map((s) => s.step)).toEqual([1, 2, 3]);
    expect(check.perStep[0].count).toBe(check.origins.length);
    expect(check.intervals.map((i) => i.level)).toEqual([0.8, 0.95]);
    const tooFar = await callError(h.api.call('predict.backtest', { runId, horizon: 500 }));
    expect(tooFar.code).toBe('bad_input');
    expect(tooFar.where).toBe('horizon');
  });

  it('exports the model (loadable by the engine) and the test predictions as CSV', async () => {
    const exported = await h.api.call('export.model', { runId });
    expect(exported.dir).toBe(join(h.runsDir, runId, 'export', 'model'));
    for (const file of exported.files) expect(existsSync(file)).toBe(true);
    const { model, preprocessing } = await loadModelDir(exported.dir);
    expect(preprocessing.targets).toEqual(['Passengers']);
    expect(model.inputs[0].shape).toEqual([null, 12, 1]);
    model.dispose();

    const predictions = await h.api.call('export.predictions', { runId });
    expect(predictions.path).toBe(join(h.runsDir, runId, 'export', 'predictions.csv'));
    const lines = readFileSync(predictions.path, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('x,actual_Passengers,predicted_Passengers,naive_Passengers,seasonal_naive_Passengers');
    const forecast = await h.api.call('predict.forecast', { runId, split: 'test' });
    expect(lines).toHaveLength(forecast.x.length + 1);
    expect(predictions.csv).toBe(readFileSync(predictions.path, 'utf8'));
  });

  it('re-runs from the record (same file, config, seed) and reproduces the test metrics exactly', async () => {
    const rerun: { runId?: string } = {};
    const done = waitForDone(h.api, () => rerun.runId);
    rerun.runId = (await h.api.call('runs.rerun', { runId })).runId;
    const rerunId = rerun.runId;
    expect(rerunId).not.toBe(runId);
    expect((await done).status).toBe('completed');
    const again = await h.api.call('runs.get', { runId: rerunId });
    expect(again.summary?.test).toEqual(summary.test);
    expect(again.config).toEqual((await h.api.call('runs.get', { runId })).config);

    const same = await h.api.call('compare.runs', { runIds: [runId, rerunId] });
    expect(same.configDiff).toEqual([]);
    expect(same.curves.map((c) => c.epochs)).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(same.curves[0].valLoss).toEqual(same.curves[1].valLoss);
  });

  it('renames, tags and deletes runs; unknown ids are not_found', async () => {
    const renamed = await h.api.call('runs.update', { runId, name: 'baseline LSTM', tags: ['keep'], notes: 'first try' });
    expect(renamed).toMatchObject({ name: 'baseline LSTM', tags: ['keep'], notes: 'first try' });
    const unknown = await callError(h.api.call('runs.get', { runId: 'no-such-run' }));
    expect(unknown.code).toBe('not_found');
    const notTraining = await callError(h.api.call('jobs.pause', { runId }));
    expect(notTraining.code).toBe('conflict');
  });
});

describe('the runs folder', () => {
  it('reports foreign folders as skipped, switches folders, and deletes runs', async () => {
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(join(h.runsDir, 'garbage-run'), { recursive: true });
    await writeFile(join(h.runsDir, 'garbage-run', 'run.json'), '{ not json');
    const listing = await h.api.call('runs.list', {});
    expect(listing.skipped.map((s) => s.folder)).toContain('garbage-run');
    expect(listing.runs.length).toBeGreaterThanOrEqual(2);

    const elsewhere = join(h.root, 'other-runs');
    expect(await h.api.call('runs.setDir', { dir: elsewhere })).toEqual({ runs: [], skipped: [] });
    expect((await h.api.call('app.info', {})).runsDir).toBe(elsewhere);
    expect((await callError(h.api.call('runs.get', { runId }))).code).toBe('not_found');
    await h.api.call('runs.setDir', { dir: h.runsDir });

    const changed = waitForEvent(h.api, 'runs.changed', (p) => p.runId === runId, 'runs.changed after delete');
    await h.api.call('runs.delete', { runId });
    await changed;
    expect(existsSync(join(h.runsDir, runId))).toBe(false);
    expect((await callError(h.api.call('predict.forecast', { runId, split: 'test' }))).code).toBe('not_found');
  });
});

describe('shutting down', () => {
  it('stops running jobs cleanly on dispose, keeping the best weights and a summary', async () => {
    const started: { runId?: string } = {};
    const firstEpoch = waitForEvent(h.api, 'job.event', (p) => p.runId === started.runId && p.event.type === 'epoch', 'the first epoch');
    started.runId = (await h.api.call('jobs.start', { datasetId, config: tinyConfig((c) => (c.train = { ...c.train, epochs: 2000 })) })).runId;
    await firstEpoch;
    expect(h.service.activeJobs()).toBe(1);
    await h.service.dispose();
    expect(h.service.activeJobs()).toBe(0);
    const { RunStore } = await import('../../../src-main/engine/run');
    const record = await new RunStore(h.runsDir).get(started.runId);
    expect(record.status).toBe('stopped');
    expect(record.summary?.epochs).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(h.runsDir, started.runId, 'model', 'model.json'))).toBe(true);
    expect((await callError(h.service.call('app.info', {}))).code).toBe('conflict');
  });
});
