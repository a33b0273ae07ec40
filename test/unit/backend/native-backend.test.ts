import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend, probeNative } from '../../../src-main/engine/backend';

// This must fail, not skip, when provisioning broke: the native backend is the product's promise.
describe('native TensorFlow backend', () => {
  it('loads the tfjs-node binding', () => {
    const probe = probeNative();
    expect(probe.reason).toBeUndefined();
    expect(probe.available).toBe(true);
    expect(probe.tensorflowVersion).toMatch(/^2\.\d+\.\d+/);
  });

  it('is the backend picked automatically, and computes', async () => {
    const info = await initBackend('auto');
    expect(info).toMatchObject({ name: 'tensorflow', native: true });
    expect(tf.getBackend()).toBe('tensorflow');
    const product = tf.tidy(() => tf.tensor2d([[1, 2], [3, 4]]).matMul(tf.tensor2d([[5], [6]])).dataSync());
    expect(Array.from(product)).toEqual([17, 39]);
  });
});
