import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunRecord, TrainingEvent } from '../../../src-main/engine/spec';
import { cli, SAMPLE_CSV, tempDir, TINY } from './harness';

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('cli-train');
});
afterAll(async () => {
  await dir.remove();
});

const readRecord = async (runDir: string): Promise<RunRecord> => RunRecord.parse(JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8')));

describe('rnn-studio train → predict → runs list → compare', () => {
  const first = (): string => join(dir.path, 'runs', 'first');
  const second = (): string => join(dir.path, 'runs', 'second');

  it('trains the sample in a worker, prints JSON lines ending in the summary, and writes a complete run', async () => {
    // Run from outside the repository, as an installed CLI is: tsx must still be found for the CLI and its worker.
    const result = await cli(['train', '--data', SAMPLE_CSV, ...TINY, '--out', 'runs/first', '--json'], {}, dir.path);
    expect(result.stderr).toMatch(/^backend: (tensorflow \(native, TF [\d.]+\); recurrent core: tensorflow-fused|(wasm|cpu) \(native unavailable: .+\); recurrent core: fast-unrolled)$/m);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    const events = lines.slice(0, -1).map((l) => TrainingEvent.parse(l));
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(2);
    expect(events.some((e) => e.type === 'batch')).toBe(true);
    expect(events.some((e) => e.type === 'baseline')).toBe(true);
    const summaryLine = lines[lines.length - 1] as { type: string; status: string; summary: unknown; backend: { name: string } };
    expect(summaryLine).toMatchObject({ type: 'summary', status: 'completed' });

    const record = await readRecord(first());
    expect(record.status).toBe('completed');
    expect(record.pid).toBeUndefined();
    expect(record.id).toBe('first');
    expect(record.backend.name).toBe(summaryLine.backend.name);
    expect(record.recurrentCore).toBe(record.backend.name === 'tensorflow' ? 'tensorflow-fused' : 'fast-unrolled');
    expect(record.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    const s = record.summary!;
    for (const metrics of [s.test, s.baselines.naive, s.baselines.seasonalNaive]) {
      for (const key of ['mae', 'rmse', 'mape', 'smape', 'mase'] as const) expect(Number.isFinite(metrics[key])).toBe(true);
    }
    expect(s.epochs).toBe(2);
    expect(s.bestEpoch).toBeGreaterThanOrEqual(1);
    expect(s.bestEpoch).toBeLessThanOrEqual(2);
    expect(s.samplesPerSecond).toBeGreaterThan(0);
    expect(summaryLine.summary).toEqual(s);
    for (const file of ['model.json', 'weights.bin', 'preprocessing.json']) expect(existsSync(join(first(), 'model', file))).toBe(true);
    const logged = (await readFile(join(first(), 'metrics.ndjson'), 'utf8')).trim().split('\n').map((l) => TrainingEvent.parse(JSON.parse(l)));
    expect(logged.filter((e) => e.type === 'epoch')).toHaveLength(2);
    expect(logged[logged.length - 1]).toMatchObject({ type: 'done', status: 'completed' });
  });

  for (const [cell, label] of [
    ['rnn', 'SimpleRNN'],
    ['gru', 'GRU'],
  ] as const) {
    it(`a ${label} run names the kernel under its recurrence: the native addon on native TensorFlow`, async () => {
      // Outside runs/: the listing test below counts the runs there.
      const result = await cli(['train', '--data', SAMPLE_CSV, ...TINY, '--cell', cell, '--out', `rnn-runs/${cell}`, '--json'], {}, dir.path);
      expect(result.code, result.stderr).toBe(0);
      const record = await readRecord(join(dir.path, 'rnn-runs', cell));
      if (record.backend.name === 'tensorflow') {
        expect(result.stderr).toMatch(new RegExp(`^backend: tensorflow \\(native, TF [\\d.]+\\); recurrent core: tensorflow-fused \\(${label}: rnn-studio-addon\\)$`, 'm'));
        expect(record.recurrentKernel).toBe('rnn-studio-addon');
      } else {
        expect(record.recurrentKernel).toBeUndefined();
      }
    });
  }

  it('the backend line names the core RNN_STUDIO_RECURRENT_CORE asked for, as run.json does', async () => {
    const result = await cli(['train', '--data', SAMPLE_CSV, ...TINY, '--out', 'core-runs/unrolled', '--json'], { RNN_STUDIO_RECURRENT_CORE: 'fast-unrolled' }, dir.path);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^backend: .*; recurrent core: fast-unrolled$/m);
    expect((await readRecord(join(dir.path, 'core-runs', 'unrolled'))).recurrentCore).toBe('fast-unrolled');
  });

  it('re-running the same config and seed (via --config run.json) reproduces the metrics exactly', async () => {
    const result = await cli(['train', '--data', SAMPLE_CSV, '--config', join(first(), 'run.json'), '--out', second()]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/best epoch \d+ of 2/);
    const a = await readRecord(first());
    const b = await readRecord(second());
    expect(b.config).toEqual(a.config);
    expect(b.summary!.test).toEqual(a.summary!.test);
    expect(b.summary!.bestValLoss).toBe(a.summary!.bestValLoss);
  });

  it('predicts from a trained run into a CSV', async () => {
    const out = join(dir.path, 'predictions.csv');
    const result = await cli(['predict', '--model', first(), '--data', SAMPLE_CSV, '--out', out, '--all']);
    expect(result.code, result.stderr).toBe(0);
    // The saved stock layers are rebuilt on the fastest core for predicting.
    expect(result.stderr).toMatch(/^backend: (tensorflow .*; recurrent core: tensorflow-fused|(wasm|cpu) .*; recurrent core: fast-unrolled)$/m);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('segment,origin,x,step,actual_Passengers,predicted_Passengers');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(['train', 'val', 'test', 'future']));
    for (const r of rows) expect(Number.isFinite(Number(r[5]))).toBe(true);
    // actual values come from the file: the first train prediction's actual is a passenger count there
    const csv = await readFile(SAMPLE_CSV, 'utf8');
    expect(csv).toContain(`${rows[0][2]},${rows[0][4]}`);
  });

  it('lists runs, reporting a corrupt folder and skipping it', async () => {
    await mkdir(join(dir.path, 'runs', 'broken'));
    await writeFile(join(dir.path, 'runs', 'broken', 'run.json'), '{"version": 1, "id": ');
    const result = await cli(['runs', 'list', '--dir', join(dir.path, 'runs'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/skipped broken: .*run\.json is not valid JSON/);
    const listing = JSON.parse(result.stdout) as { runs: RunRecord[]; skipped: { folder: string }[] };
    expect(listing.runs.map((r) => r.id).sort()).toEqual(['first', 'second']);
    expect(listing.skipped.map((s) => s.folder)).toEqual(['broken']);
    const table = await cli(['runs', 'list', '--dir', join(dir.path, 'runs')]);
    expect(table.stdout).toMatch(/^first\s+completed\s+lstm\s+4\s+2/m);
  });

  it('compares runs: identical configs, same curves', async () => {
    const result = await cli(['compare', first(), second(), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const comparison = JSON.parse(result.stdout) as { runs: RunRecord[]; configDiff: unknown[]; curves: { valLoss: number[] }[] };
    expect(comparison.runs).toHaveLength(2);
    expect(comparison.configDiff).toEqual([]);
    expect(comparison.curves[0].valLoss).toHaveLength(2);
    expect(comparison.curves[0].valLoss).toEqual(comparison.curves[1].valLoss);
  });
});
