import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { runExperiment } from '../../../src-main/engine/experiment';
import { TrainSpec, type TrainingEvent } from '../../../src-main/engine/spec';
import { joinBatches, refitSpec } from '../../../src-main/engine/train';
import { monthlyTable, tinyConfig } from '../pipeline/fixtures';

beforeAll(async () => {
  await initBackend();
});

const batch = (count: number, start: number) => ({
  count,
  x: Float32Array.from({ length: count * 3 * 2 }, (_, i) => start + i),
  xShape: [count, 3, 2] as [number, number, number],
  y: Float32Array.from({ length: count }, (_, i) => start + i),
  yShape: [count, 1, 1],
});

describe('joinBatches and refitSpec', () => {
  it('puts the second batch’s windows after the first', () => {
    const joined = joinBatches(batch(2, 0), batch(1, 100));
    expect(joined.count).toBe(3);
    expect(joined.xShape).toEqual([3, 3, 2]);
    expect(joined.yShape).toEqual([3, 1, 1]);
    expect(Array.from(joined.y)).toEqual([0, 1, 100]);
    expect(joined.x[12]).toBe(100);
    expect(() => joinBatches(batch(2, 0), { ...batch(1, 0), xShape: [1, 4, 2] })).toThrow(/cannot join windows/);
  });

  it('trains for the chosen epochs without early stopping and never refits again', () => {
    const spec = refitSpec(TrainSpec.parse({ epochs: 200, refit: true }), 17);
    expect(spec).toMatchObject({ epochs: 17, earlyStopping: null, refit: false });
    expect(refitSpec(TrainSpec.parse({}), 0).epochs).toBe(1);
  });
});

describe('runExperiment with train.refit', () => {
  it('ends with a fresh model trained on train + validation, saved as the checkpoint, and says so', async () => {
    const table = await monthlyTable(96);
    const config = tinyConfig({ train: { epochs: 4, batchSize: 16, seed: 3, earlyStopping: null, refit: true } });
    const plain = await runExperiment({ table, config: { ...config, train: { ...config.train, refit: false } }, onEvent: () => undefined });
    const plainWeights = plain.model.getWeights().map((w) => w.dataSync().slice());
    plain.model.dispose();

    const events: TrainingEvent[] = [];
    const saved: tf.LayersModel[] = [];
    const before = tf.memory().numTensors;
    const order: string[] = [];
    const result = await runExperiment({
      table,
      config,
      onEvent: (e) => {
        events.push(e);
        order.push(e.type === 'status' ? `status:${e.status}` : e.type);
      },
      saveCheckpoint: async (model) => {
        saved.push(model);
        order.push('save');
      },
    });
    expect(result.status).toBe('completed');
    // The refit's own epochs are not reported as the run's epochs.
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(4);
    // The run is reported finished only once the refit's model is saved, right before `done`.
    expect(order.slice(-3)).toEqual(['save', 'status:completed', 'done']);
    expect(order.filter((o) => o === 'status:completed')).toHaveLength(1);
    expect(saved[saved.length - 1]).toBe(result.model);
    expect(result.summary?.notes?.some((n) => /refitted on train \+ validation rows for \d+ epochs/.test(n))).toBe(true);
    const refitWeights = result.model.getWeights().map((w) => w.dataSync());
    expect(refitWeights.some((w, i) => w.some((v, j) => v !== plainWeights[i][j]))).toBe(true);
    result.model.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  }, 300_000);
});
