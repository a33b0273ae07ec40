import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { clipGradientsByNorm, clipGradientsByValue, clipScaleForNorm, clipValue, globalNorm } from '../../../src-main/engine/train';

describe('gradient clipping', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('computes the global norm over all gradients', () => {
    expect(globalNorm([[3], [4]])).toBe(5);
    expect(globalNorm([[1, 2], [2]])).toBe(3);
    expect(globalNorm([])).toBe(0);
  });

  it('scales down only norms above the limit', () => {
    expect(clipScaleForNorm(10, 5)).toBe(0.5);
    expect(clipScaleForNorm(5, 5)).toBe(1);
    expect(clipScaleForNorm(0.1, 5)).toBe(1);
  });

  it('clips values into [-limit, limit]', () => {
    expect([-3, -0.5, 0, 0.5, 3].map((v) => clipValue(v, 1))).toEqual([-1, -0.5, 0, 0.5, 1]);
  });

  it('by norm: the clipped gradients have exactly the limit as global norm and keep their direction', () => {
    const a = [3, 0, -4];
    const b = [12];
    const norm = globalNorm([a, b]); // 13
    const out = tf.tidy(() => {
      const clipped = clipGradientsByNorm({ a: tf.tensor1d(a), b: tf.tensor1d(b) }, norm, 1.3);
      return [clipped.a.arraySync() as number[], clipped.b.arraySync() as number[]];
    });
    expect(globalNorm(out)).toBeCloseTo(1.3, 6);
    out[0].forEach((v, i) => expect(v).toBeCloseTo(a[i] * 0.1, 6));
    expect(out[1][0]).toBeCloseTo(1.2, 6);
  });

  it('by value: each element is clipped, as the scalar rule says', () => {
    const values = [-2, -0.25, 0.1, 0.9, 7];
    const out = tf.tidy(() => clipGradientsByValue({ g: tf.tensor1d(values) }, 0.5).g.arraySync() as number[]);
    values.forEach((v, i) => expect(out[i]).toBeCloseTo(clipValue(v, 0.5), 6));
  });
});
