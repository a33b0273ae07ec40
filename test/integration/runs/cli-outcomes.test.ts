/**
 * Outcomes the CLI must report honestly: input the worker would refuse is refused before --out
 * exists, and a run that never beats its untrained network says so, keeps that model, and
 * still predicts.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunRecord } from '../../../src-main/engine/spec';
import { cli, SAMPLE_CSV, tempDir, TINY } from './harness';

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('cli-outcomes');
});
afterAll(async () => {
  await dir.remove();
});

const readRecord = async (runDir: string): Promise<RunRecord> => RunRecord.parse(JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8')));

describe('rnn-studio train outcomes', () => {
  it('a window too long for the data is refused before --out exists, so the same --out then trains', async () => {
    const out = join(dir.path, 'run-window');
    const refused = await cli(['train', '--data', SAMPLE_CSV, '--target', 'Passengers', '--lookback', '300', '--epochs', '1', '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: airline-passengers\.csv: .*lookback 300.*needs at least \d+ rows/m);
    expect(refused.stderr).not.toMatch(/backend:/);
    expect(existsSync(out)).toBe(false);

    const trained = await cli(['train', '--data', SAMPLE_CSV, ...TINY, '--out', out]);
    expect(trained.code, trained.stderr).toBe(0);
    expect((await readRecord(out)).status).toBe('completed');
  });

  it('a run no epoch improves ends "no improvement": exit 1, no skill claimed, the untrained model kept and usable', async () => {
    const config = join(dir.path, 'never-improves.json');
    // A min delta no loss can beat: every epoch counts as "no improvement".
    await writeFile(config, JSON.stringify({ train: { epochs: 5, earlyStopping: { patience: 2, minDelta: 1e6 } } }));
    const out = join(dir.path, 'run-flat');
    // Without the suggested linear shortcut, whose fitted linear model would be a trained epoch 0.
    const result = await cli(['train', '--data', SAMPLE_CSV, '--target', 'Passengers', '--layers', '4', '--lookback', '12', '--seed', '7', '--linear-shortcut', 'off', '--config', config, '--out', out]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/^No improvement: in 2 epochs the validation loss never went below the untrained network's/m);
    expect(result.stderr).toMatch(/Lower the learning rate .*scale the features/);
    expect(result.stdout).toMatch(/^no epoch of 2 beat the untrained model \(val loss /m);
    expect(result.stdout).toMatch(/^no skill: these are the untrained network's errors/m);
    expect(result.stdout).not.toMatch(/^skill vs naive/m);
    expect(result.stdout).toMatch(/^run: .*run-flat \(no improvement\)$/m);

    const record = await readRecord(out);
    expect(record.status).toBe('no_improvement');
    expect(record.summary?.bestEpoch).toBe(0);
    expect(record.message).toMatch(/^No improvement:/);
    expect(existsSync(join(out, 'model', 'model.json'))).toBe(true);

    const predictions = join(dir.path, 'flat.csv');
    const predicted = await cli(['predict', '--model', out, '--data', SAMPLE_CSV, '--out', predictions]);
    expect(predicted.code, predicted.stderr).toBe(0);
    expect((await readFile(predictions, 'utf8')).trim().split('\n').length).toBeGreaterThan(1);
  });
});
