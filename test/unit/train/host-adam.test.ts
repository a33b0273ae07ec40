/**
 * The training loop's Adam (moments in Float32Arrays, one read and one write per variable) must update
 * weights as tf.train.adam does, step after step, including after a learning-rate change; it must not
 * leak tensors, and the engine's optimizer factory must hand it out for `adam`.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { createOptimizer, setLearningRate } from '../../../src-main/engine/train';
import { HostAdamOptimizer, isHostAdam } from '../../../src-main/engine/train/host-adam';

const SHAPES = [[3, 5], [5, 5], [5], [5, 1], [1]];

function variablesFor(prefix: string): tf.Variable[] {
  return SHAPES.map((shape, i) => tf.variable(tf.randomNormal(shape, 0, 1, 'float32', 100 + i), true, `${prefix}/w${i}`));
}

/** Runs `steps` updates with the same gradients on both sets; the rate drops to a tenth halfway. */
function trainBoth(steps: number) {
  const stock = variablesFor('stock');
  const host = variablesFor('host');
  const [stockAdam, hostAdam] = [tf.train.adam(0.01), new HostAdamOptimizer(0.01)];
  for (let step = 0; step < steps; step++) {
    if (step === steps / 2) {
      setLearningRate(stockAdam, 0.001);
      setLearningRate(hostAdam, 0.001);
    }
    const grads = SHAPES.map((shape, i) => tf.randomNormal(shape, 0, step % 3 === 0 ? 5 : 0.2, 'float32', step * 10 + i));
    stockAdam.applyGradients(stock.map((v, i) => ({ name: v.name, tensor: grads[i] })));
    hostAdam.applyGradients(stock.map((_, i) => ({ name: host[i].name, tensor: grads[i] })));
    tf.dispose(grads);
  }
  return { stock, host, dispose: () => (tf.dispose([...stock, ...host]), stockAdam.dispose(), hostAdam.dispose()) };
}

describe('HostAdamOptimizer', () => {
  beforeAll(async () => {
    await initBackend('tensorflow');
  });

  it('updates weights as tf.train.adam does over many steps and a learning-rate change', () => {
    const run = trainBoth(40);
    try {
      run.stock.forEach((v, i) => {
        const moved = tf.tidy(() => tf.max(tf.abs(tf.sub(v, tf.randomNormal(SHAPES[i], 0, 1, 'float32', 100 + i)))).dataSync()[0]);
        expect(moved, `variable ${i} trained`).toBeGreaterThan(0.01);
        const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(v, run.host[i]))).dataSync()[0]);
        expect(diff, `variable ${i}`).toBeLessThan(2e-6);
      });
    } finally {
      run.dispose();
    }
  });

  it('applies gradients already read, scaled as clipping by norm asks, as tf.train.adam applies the scaled tensors', () => {
    const [stock, host] = [variablesFor('scaled-stock'), variablesFor('scaled-host')];
    const [stockAdam, hostAdam] = [tf.train.adam(0.01), new HostAdamOptimizer(0.01)];
    for (let step = 0; step < 10; step++) {
      const grads = SHAPES.map((shape, i) => tf.randomNormal(shape, 0, 3, 'float32', 500 + step * 10 + i));
      const scale = step % 2 === 0 ? 0.25 : 1;
      tf.tidy(() => stockAdam.applyGradients(stock.map((v, i) => ({ name: v.name, tensor: tf.mul(grads[i], scale) }))));
      hostAdam.applyHostGradients(host.map((v, i) => ({ name: v.name, values: grads[i].dataSync() as Float32Array })), scale);
      tf.dispose(grads);
    }
    stock.forEach((v, i) => expect(tf.tidy(() => tf.max(tf.abs(tf.sub(v, host[i]))).dataSync()[0]), `variable ${i}`).toBeLessThan(2e-6));
    expect(() => hostAdam.applyHostGradients([{ name: host[0].name, values: new Float32Array(2) }], 1)).toThrow(`${host[0].name} has 15 weights but 2 gradient values`);
    tf.dispose([...stock, ...host]);
    stockAdam.dispose();
    hostAdam.dispose();
  });

  it('keeps the tensor count steady across steps', () => {
    const variables = variablesFor('steady');
    const adam = new HostAdamOptimizer(0.01);
    const step = () => {
      const grads = variables.map((v) => tf.onesLike(v));
      adam.applyGradients(Object.fromEntries(variables.map((v, i) => [v.name, grads[i]])));
      tf.dispose(grads);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    adam.dispose();
    tf.dispose(variables);
  });

  it('is the optimizer the training loop gets for adam', () => {
    const adam = createOptimizer({ kind: 'adam', lr: 0.003 });
    expect(isHostAdam(adam)).toBe(true);
    const sgd = createOptimizer({ kind: 'sgd', lr: 0.1, momentum: 0 });
    expect(isHostAdam(sgd)).toBe(false);
    sgd.dispose();
    expect(adam.getConfig()).toMatchObject({ learningRate: 0.003, beta1: 0.9, beta2: 0.999 });
    adam.dispose();
  });
});
