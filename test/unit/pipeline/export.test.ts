import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { preparedFromRecord } from '../../../src-main/engine/data';
import { loadModelDir, saveModelDir } from '../../../src-main/engine/export';
import { forecastSplit } from '../../../src-main/engine/predict';
import { modelFor, monthlyTable, prepareWith, tinyConfig } from './fixtures';

let root: string;
beforeAll(async () => {
  await initBackend();
  root = mkdtempSync(join(tmpdir(), 'rnn-export-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function predictAll(model: tf.LayersModel, x: Float32Array, shape: [number, number, number]): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor3d(x, shape)) as tf.Tensor).dataSync() as Float32Array);
}

/** Equal within float32 rounding (relative 1e-5), and not trivially: the values must vary. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  expect(new Set(Array.from(expected)).size).toBeGreaterThan(1);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected[i])));
}

describe('saveModelDir / loadModelDir', () => {
  it('round-trips to the same predictions (within float32 rounding) and the same preprocessing', async () => {
    const table = await monthlyTable(96);
    const config = tinyConfig({ model: { cell: 'lstm', layers: [{ units: 5 }, { units: 3 }], topology: 'encoder-decoder' } });
    const prepared = prepareWith(table, config);
    const model = modelFor(prepared, config);
    const dir = join(root, 'model');
    const files = await saveModelDir(dir, model, prepared.preprocessing);
    expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['model.json', 'preprocessing.json', 'weights.bin']);
    // Standard tfjs layers format: the manifest points at weights.bin next to model.json.
    const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { format: string; weightsManifest: { paths: string[] }[] };
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0].paths).toEqual(['./weights.bin']);
    expect(readdirSync(root)).toEqual(['model']);

    const loaded = await loadModelDir(dir);
    expect(loaded.preprocessing).toEqual(prepared.preprocessing);
    // Same weights, same outputs. Not bit-for-bit: the built model runs MODEL's fused recurrent layer,
    // which saves as (and so reloads as) the stock tfjs layer — equal up to float32 rounding.
    const test = prepared.windows('test');
    expectClose(predictAll(loaded.model, test.x, test.xShape), predictAll(model, test.x, test.xShape));

    // The reloaded preprocessing re-applied to the same table gives the same forecast in original units.
    const again = preparedFromRecord(loaded.preprocessing, table);
    expectClose(forecastSplit(loaded.model, again, 'test').predicted.flat(), forecastSplit(model, prepared, 'test').predicted.flat());
    model.dispose();
    loaded.model.dispose();
  });

  it('replaces an existing model folder atomically, leaving no temporary folders', async () => {
    const table = await monthlyTable(96);
    const config = tinyConfig();
    const prepared = prepareWith(table, config);
    const first = modelFor(prepared, config);
    const second = modelFor(prepared, { ...config, train: { ...config.train, seed: 99 } });
    const dir = join(root, 'replace');
    await saveModelDir(dir, first, prepared.preprocessing);
    writeFileSync(join(dir, 'stale.txt'), 'left over');
    await saveModelDir(dir, second, prepared.preprocessing);
    expect(existsSync(join(dir, 'stale.txt'))).toBe(false);
    expect(readdirSync(root).filter((n) => n.startsWith('replace'))).toEqual(['replace']);
    const loaded = await loadModelDir(dir);
    const test = prepared.windows('test');
    expectClose(predictAll(loaded.model, test.x, test.xShape), predictAll(second, test.x, test.xShape));
    [first, second, loaded.model].forEach((m) => m.dispose());
  });

  it('names the folder and file when a model is missing or its record is invalid', async () => {
    await expect(loadModelDir(join(root, 'nothing-here'))).rejects.toThrow(/nothing-here.*preprocessing\.json/);
    const bad = join(root, 'bad');
    const table = await monthlyTable(96);
    const config = tinyConfig();
    const prepared = prepareWith(table, config);
    const model = modelFor(prepared, config);
    await saveModelDir(bad, model, prepared.preprocessing);
    writeFileSync(join(bad, 'preprocessing.json'), JSON.stringify({ version: 1, targets: [] }));
    await expect(loadModelDir(bad)).rejects.toThrow(/preprocessing\.json: /);
    model.dispose();
  });
});
