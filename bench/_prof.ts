import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src-main/engine/backend';
import { buildModel, fastRecurrentCore, fusedNativeCore } from '../src-main/engine/model';
import { ModelSpec } from '../src-main/engine/spec';
(async () => {
  await initBackend('tensorflow');
  const B = 64, T = 48;
  for (const cell of ['lstm', 'gru', 'rnn'] as const) for (const core of [fusedNativeCore, fastRecurrentCore]) {
    const model = buildModel(ModelSpec.parse({ cell, layers: [{ units: 64 }] }), { lookback: T, horizon: 1, inputFeatures: 1, targets: 1 }, 1, core);
    const x = tf.randomNormal([B, T, 1]); const y = tf.randomNormal([B, 1, 1]);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const opt = tf.train.adam(1e-3);
    const times = { fwd: 0, fwdbwd: 0, stats: 0, opt: 0 };
    const N = 20;
    for (let i = 0; i < N + 3; i++) {
      const warm = i < 3;
      let t0 = performance.now();
      const p = tf.tidy(() => model.apply(x, { training: true }) as tf.Tensor); await p.data(); p.dispose();
      let t1 = performance.now(); if (!warm) times.fwd += t1 - t0;
      t0 = performance.now();
      const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
      await grads[vars[0].name].data();
      t1 = performance.now(); if (!warm) times.fwdbwd += t1 - t0;
      t0 = performance.now();
      const s = tf.tidy(() => tf.concat([tf.reshape(value, [1]), tf.stack(vars.map((v) => tf.sum(tf.square(grads[v.name]))))]));
      await s.data(); s.dispose();
      t1 = performance.now(); if (!warm) times.stats += t1 - t0;
      t0 = performance.now();
      opt.applyGradients(grads); await vars[0].data();
      t1 = performance.now(); if (!warm) times.opt += t1 - t0;
      tf.dispose([value, ...Object.values(grads)]);
    }
    console.log(cell, core.id, Object.entries(times).map(([k, v]) => `${k} ${(v / N).toFixed(1)}ms`).join('  '), 'tensors', tf.memory().numTensors);
    model.dispose(); tf.dispose([x, y]); opt.dispose();
  }
})();
