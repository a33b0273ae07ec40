/**
 * export.model by format through the API the app uses: each format lands in the run's own export/
 * folder (tfjs: export/model, keras: export/keras, onnx: export/onnx), the ONNX file runs in
 * onnxruntime with the trained model's outputs, and a run without a model is refused.
 */
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../src-main/common/contract';
import { initBackend } from '../../../src-main/engine/backend';
import { loadModelDir } from '../../../src-main/engine/export';
import { startHarness, tinyConfig, waitForDone, type Harness } from './service-harness';

let h: Harness;
let runId: string;

beforeAll(async () => {
  await initBackend();
  h = await startHarness();
  const { id: datasetId } = await h.api.call('datasets.openSample', {});
  const started: { runId?: string } = {};
  const done = waitForDone(h.api, () => started.runId);
  started.runId = runId = (await h.api.call('jobs.start', { datasetId, config: tinyConfig((c) => (c.model = { cell: 'gru', layers: [{ units: 6 }], bidirectional: true })) })).runId;
  await done;
}, 300_000);
afterAll(async () => h?.close());

describe('export.model by format', () => {
  it("writes keras and onnx exports into the run's export folder by format, with the Python kit", async () => {
    const kit = ['preprocessing.json', 'predict.py', 'rnn_studio_pipeline.py', 'run-config.json', 'train.py'];
    for (const format of ['keras', 'onnx'] as const) {
      const exported = await h.api.call('export.model', { runId, format });
      expect(exported.dir).toBe(join(h.runsDir, runId, 'export', format));
      expect(exported.files.map((f) => basename(f)).sort()).toEqual([`model.${format}`, ...kit].sort());
      for (const file of exported.files) expect(existsSync(file)).toBe(true);
    }
    // Exporting again replaces the run's own export folder.
    const again = await h.api.call('export.model', { runId, format: 'onnx' });
    expect(existsSync(join(again.dir, 'model.onnx'))).toBe(true);
    const tfjs = await h.api.call('export.model', { runId });
    expect(tfjs.dir).toBe(join(h.runsDir, runId, 'export', 'model'));
  });

  it('into a chosen folder: a new <run>-<format> subfolder, never replacing an existing one', async () => {
    const chosen = join(h.root, 'chosen');
    const first = await h.api.call('export.modelTo', { runId, format: 'keras', dir: chosen });
    expect(first.dir).toBe(join(chosen, `${runId}-keras`));
    expect(existsSync(join(first.dir, 'model.keras'))).toBe(true);
    const err = (await h.api.call('export.modelTo', { runId, format: 'keras', dir: chosen }).catch((e: unknown) => e)) as StudioError;
    expect(err).toBeInstanceOf(StudioError);
    expect(err.code).toBe('bad_input');
    expect(err.where).toBe('dir');
    expect(err.message).toContain('already exists');
  });

  it('the exported ONNX model gives the trained model’s outputs in onnxruntime', async () => {
    const { model } = await loadModelDir(join(h.runsDir, runId, 'model'));
    const x = tf.randomNormal([5, 12, 1], 0, 1, 'float32', 11);
    const expected = (model.predict(x) as tf.Tensor).dataSync();
    const session = await ort.InferenceSession.create(join(h.runsDir, runId, 'export', 'onnx', 'model.onnx'));
    const out = await session.run({ input: new ort.Tensor('float32', x.dataSync() as Float32Array, [5, 12, 1]) });
    const got = out.output.data as Float32Array;
    expect(got).toHaveLength(expected.length);
    got.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-4));
    await session.release();
    tf.dispose(x);
    model.dispose();
  });

  it('refuses a run that has no model with not_found, naming the run, and writes nothing', async () => {
    const modelDir = join(h.runsDir, runId, 'model');
    await rename(modelDir, `${modelDir}.aside`);
    try {
      await rm(join(h.runsDir, runId, 'export'), { recursive: true, force: true });
      const err = (await h.api.call('export.model', { runId, format: 'keras' }).catch((e: unknown) => e)) as StudioError;
      expect(err).toBeInstanceOf(StudioError);
      expect(err.code).toBe('not_found');
      expect(err.message).toContain(`run ${runId} has no saved model yet`);
      expect(existsSync(join(h.runsDir, runId, 'export', 'keras'))).toBe(false);
    } finally {
      await rename(`${modelDir}.aside`, modelDir);
    }
  });
});
