/**
 * tf.unstack into a single piece must backpropagate (tfjs 4.22's own gradient throws there), and a
 * one-step recurrent layer must then give the same gradients in the fast and stock cores.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { buildModel, fastRecurrentCore, installUnstackGradient, tfjsRecurrentCore, type ModelDims } from '../../../src-main/engine/model';
import { ModelSpec, type CellType } from '../../../src-main/engine/spec';

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

describe('unstack gradient', () => {
  beforeAll(async () => {
    await initBackend();
    installUnstackGradient();
  });

  it('backpropagates through an unstack that yields one tensor', () => {
    tf.tidy(() => {
      const x = tf.tensor3d([1, 2, 3, 4], [2, 1, 2]);
      const weights = tf.tensor2d([3, 5, 7, 11], [2, 2]);
      const dx = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.unstack(v, 1)[0], weights)))(x);
      expect(dx.shape).toEqual([2, 1, 2]);
      expect(Array.from(dx.dataSync())).toEqual([3, 5, 7, 11]);
    });
  });

  it('still backpropagates through an unstack into several tensors', () => {
    tf.tidy(() => {
      const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
      const dx = tf.grad((v: tf.Tensor) => {
        const [a, , c] = tf.unstack(v, 0);
        return tf.sum(tf.add(tf.mul(a, 2), tf.mul(c, 3)));
      })(x);
      expect(Array.from(dx.dataSync())).toEqual([2, 2, 0, 0, 3, 3]);
    });
  });

  const dims: ModelDims = { lookback: 1, horizon: 1, inputFeatures: 2, targets: 1 };
  for (const cell of ['rnn', 'lstm', 'gru'] as CellType[]) {
    it(`${cell} encoder-decoder, lookback 1 and horizon 1: fast and stock cores give the same gradients`, () => {
      const spec = ModelSpec.parse({ cell, topology: 'encoder-decoder', bidirectional: true, layers: [{ units: 3 }, { units: 2 }] });
      const stock = buildModel(spec, dims, 5, tfjsRecurrentCore);
      const fast = buildModel(spec, dims, 5, fastRecurrentCore);
      const x = tf.randomNormal([4, 1, 2], 0, 1, 'float32', 3);
      const y = tf.randomNormal([4, 1, 1], 0, 1, 'float32', 4);
      const gradsOf = (model: tf.LayersModel): tf.Tensor[] => {
        const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
        const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar, vars);
        value.dispose();
        return vars.map((v) => grads[v.name]);
      };
      try {
        const [a, b] = [gradsOf(stock), gradsOf(fast)];
        expect(b).toHaveLength(a.length);
        a.forEach((g, i) => expect(maxAbsDiff(g, b[i]), `gradient ${i}`).toBeLessThan(1e-5));
        // The encoder's input kernel sits under two one-step layers and still gets a gradient.
        expect(tf.tidy(() => tf.max(tf.abs(b[0])).dataSync()[0])).toBeGreaterThan(0);
        tf.dispose([...a, ...b]);
      } finally {
        tf.dispose([x, y]);
        stock.dispose();
        fast.dispose();
      }
    });
  }
});
