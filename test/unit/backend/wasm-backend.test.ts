import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src-main/engine/backend';

// The fallback when native TensorFlow is unavailable: it must really train, not merely load.
describe('WebAssembly fallback backend', () => {
  it('trains a small LSTM until its loss falls', async () => {
    const info = await initBackend('wasm');
    expect(info).toMatchObject({ name: 'wasm', native: false });
    expect(tf.getBackend()).toBe('wasm');

    const steps = 8;
    const n = 64;
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < n; i++) {
      const phase = (i / n) * Math.PI * 2;
      for (let t = 0; t < steps; t++) xs.push(Math.sin(phase + t * 0.4));
      ys.push(Math.sin(phase + steps * 0.4));
    }
    const x = tf.tensor3d(xs, [n, steps, 1]);
    const y = tf.tensor2d(ys, [n, 1]);
    const model = tf.sequential({
      layers: [
        tf.layers.lstm({ units: 8, inputShape: [steps, 1], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), recurrentInitializer: tf.initializers.orthogonal({ seed: 2 }) }),
        tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.02), loss: 'meanSquaredError' });
    const history = await model.fit(x, y, { epochs: 30, batchSize: 16, shuffle: false, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.5);
    expect(losses.every(Number.isFinite)).toBe(true);
    tf.dispose([x, y]);
    model.dispose();
  });
});
