import { describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src-main/engine/backend';
import { fusedInferencePlan } from '../../../src-main/engine/model';
import { rollout } from '../../../src-main/engine/predict';
import { modelFor, monthlyTable, prepareWith, tinyConfig } from '../pipeline/fixtures';

// Without native TensorFlow there is no inference plan: a rollout predicts with model.predict, as before.
describe('rollout on the WebAssembly fallback backend', () => {
  it('rolls an ensemble forward through model.predict with a steady tensor count', async () => {
    await initBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const config = tinyConfig({ model: { cell: 'lstm', layers: [{ units: 4 }], ensemble: 2 } });
    const prepared = prepareWith(await monthlyTable(72), config);
    const model = modelFor(prepared, config);
    expect(fusedInferencePlan(model)).toBeUndefined();
    const predict = vi.spyOn(model, 'predict');
    const at = prepared.rowCount - 1;
    const first = rollout(model, prepared, at, 6);
    expect(predict).toHaveBeenCalledTimes(3);
    const before = tf.memory().numTensors;
    const second = rollout(model, prepared, at, 6);
    expect(tf.memory().numTensors).toBe(before);
    expect(second.predicted).toEqual(first.predicted);
    expect(first.predicted.flat().every(Number.isFinite)).toBe(true);
    model.dispose();
  });
});
