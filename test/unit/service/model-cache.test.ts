import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { parseTable, prepareSeries } from '../../../src-main/engine/data';
import { saveModelDir } from '../../../src-main/engine/export';
import { RunConfig } from '../../../src-main/engine/spec';
import { ModelCache } from '../../../src-main/service/model-cache';

let root: string;
const dirs: string[] = [];

beforeAll(async () => {
  await initBackend();
  root = await mkdtemp(join(tmpdir(), 'model-cache-'));
  const csv = 'y\n' + Array.from({ length: 40 }, (_, i) => String(Math.sin(i) + 2)).join('\n');
  const table = await parseTable('tiny.csv', csv);
  const config = RunConfig.parse({ series: { target: ['y'] }, window: { lookback: 3 }, model: { layers: [{ units: 2 }] }, train: {} });
  const { preprocessing } = prepareSeries(table, config.series, config.window, config.model.topology);
  for (const name of ['a', 'b']) {
    const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [3, 1] }), tf.layers.dense({ units: 1 })] });
    const dir = join(root, name);
    await saveModelDir(dir, model, preprocessing);
    model.dispose();
    dirs.push(dir);
  }
});
afterAll(async () => rm(root, { recursive: true, force: true }));

const predictOne = (model: tf.LayersModel): number => tf.tidy(() => (model.predict(tf.ones([1, 3, 1])) as tf.Tensor).dataSync()[0]);

describe('ModelCache', () => {
  it('reuses a loaded model while its files are unchanged', async () => {
    const cache = new ModelCache(2);
    const first = await cache.with('a', dirs[0], (m) => m.model);
    const second = await cache.with('a', dirs[0], (m) => m.model);
    expect(second).toBe(first);
    cache.clear();
  });

  it('keeps an evicted model alive until the request using it is done, then disposes it', async () => {
    const cache = new ModelCache(1);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let evictedModel: tf.LayersModel | undefined;
    const slow = cache.with('a', dirs[0], async ({ model }) => {
      evictedModel = model;
      await gate;
      return predictOne(model);
    });
    // Loading 'b' into a cache of one evicts 'a' while 'a' is still in use.
    await cache.with('b', dirs[1], ({ model }) => predictOne(model));
    expect(cache.size()).toBe(1);
    release();
    expect(Number.isFinite(await slow)).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(() => predictOne(evictedModel as tf.LayersModel)).toThrow(/disposed/i);
    cache.clear();
  });

  it('says not_found for a run without a saved model', async () => {
    const cache = new ModelCache();
    await expect(cache.with('x', join(root, 'missing'), () => 1)).rejects.toMatchObject({ code: 'not_found' });
  });
});
