/**
 * The fused native core (TensorFlow's BlockLSTMV2 through tfjs-node, and RNN Studio's addon for the
 * SimpleRNN and GRU, which fall back to TensorFlow ops / GRUBlockCell without it) must be a drop-in replacement for the unrolled core: same outputs, same
 * gradients, same dropout masks for every cell, topology and direction; a stable tensor count; a saved
 * model that loads as the stock layers; and training with per-layer gradient norms.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { backendInfo, initBackend } from '../../../src-main/engine/backend';
import { buildModel, coreRunning, defaultRecurrentCore, recurrentCoreOf, recurrentKernelRunning, fastRecurrentCore, fusedKernelsUnavailable, fusedNativeCore, requestedRecurrentCore, tfjsRecurrentCore, type ModelDims, type RecurrentCore } from '../../../src-main/engine/model';
import { ModelSpec, recurrentCoreFor, Topology, TrainSpec, type BatchEvent, type CellType } from '../../../src-main/engine/spec';
import { TrainingJob } from '../../../src-main/engine/train';
import { sineSplits } from '../train/sine-windows';

const dims: ModelDims = { lookback: 7, horizon: 2, inputFeatures: 3, targets: 2 };
const CELLS: CellType[] = ['rnn', 'lstm', 'gru'];

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

function lossAndGrads(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor) {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
  return { value, list: vars.map((v) => grads[v.name]) };
}

/** Kernels tfjs runs for one training step (the fused ops bypass its kernel registry, so they count as none). */
async function kernelsPerStep(core: RecurrentCore, cell: CellType): Promise<number> {
  const model = buildModel(ModelSpec.parse({ cell, layers: [{ units: 8 }] }), { lookback: 16, horizon: 1, inputFeatures: 1, targets: 1 }, 1, core);
  const [x, y] = [tf.ones([8, 16, 1]), tf.ones([8, 1, 1])];
  const info = await tf.profile(() => {
    const { value, list } = lossAndGrads(model, x, y);
    tf.dispose([value, ...list]);
  });
  tf.dispose([x, y]);
  model.dispose();
  return info.kernels.length;
}

describe('fused native core equals the unrolled core', () => {
  beforeAll(async () => {
    await initBackend('tensorflow');
  });

  it('is the default core on the native backend, and run records name it', () => {
    expect(backendInfo().name).toBe('tensorflow');
    // This TensorFlow runs every fused kernel, forward and backward (probed once on a tiny window).
    expect(fusedKernelsUnavailable()).toBeUndefined();
    expect(defaultRecurrentCore()).toBe(fusedNativeCore);
    expect(recurrentCoreFor('tensorflow', { cell: 'gru', recurrentDropout: 0.2 })).toBe('tensorflow-fused');
    expect(recurrentCoreFor('wasm', { cell: 'gru', recurrentDropout: 0 })).toBe('fast-unrolled');
    // BlockLSTMV2 cannot mask h between steps: an LSTM with recurrent dropout runs unrolled, and says so.
    expect(recurrentCoreFor('tensorflow', { cell: 'lstm', recurrentDropout: 0.2 })).toBe('fast-unrolled');
    expect(coreRunning(fusedNativeCore, 'lstm', 0.2)).toBe('fast-unrolled');
    expect(coreRunning(fusedNativeCore, 'lstm', 0)).toBe('tensorflow-fused');
  });

  it('RNN_STUDIO_RECURRENT_CORE picks another core by name, and the record says so', () => {
    const saved = process.env.RNN_STUDIO_RECURRENT_CORE;
    try {
      process.env.RNN_STUDIO_RECURRENT_CORE = 'fast-unrolled';
      expect(requestedRecurrentCore()).toBe('fast-unrolled');
      expect(defaultRecurrentCore()).toBe(fastRecurrentCore);
      expect(recurrentCoreFor('tensorflow', { cell: 'gru', recurrentDropout: 0 }, requestedRecurrentCore())).toBe('fast-unrolled');
      process.env.RNN_STUDIO_RECURRENT_CORE = 'no-such-core';
      expect(requestedRecurrentCore()).toBeUndefined();
      expect(defaultRecurrentCore()).toBe(fusedNativeCore);
    } finally {
      if (saved === undefined) delete process.env.RNN_STUDIO_RECURRENT_CORE;
      else process.env.RNN_STUDIO_RECURRENT_CORE = saved;
    }
  });

  for (const cell of CELLS) {
    for (const topology of Topology.options) {
      for (const bidirectional of [false, true]) {
        it(`${cell} ${topology}${bidirectional ? ' bidirectional' : ''}: outputs, dropout outputs and gradients`, () => {
          // Recurrent dropout where the fused kernels apply it (GRU, SimpleRNN); LSTM's is tested below.
          const recurrentDropout = cell === 'lstm' ? 0 : 0.2;
          const spec = ModelSpec.parse({ cell, topology, bidirectional, layers: [{ units: 5 }, { units: 3 }], dropout: 0.3, recurrentDropout, l2: 0.01 });
          // SimpleRNN and GRU run through the addon here (native-addon.test.ts checks the fallback).
          if (cell !== 'lstm') expect(recurrentKernelRunning(fusedNativeCore.id, cell)).toBe('rnn-studio-addon');
          const plain = buildModel(spec, dims, 11, fastRecurrentCore);
          const fused = buildModel(spec, dims, 11, fusedNativeCore);
          const x = tf.randomNormal([4, dims.lookback, dims.inputFeatures], 0, 1, 'float32', 5);
          const y = tf.randomNormal(plain.outputs[0].shape.map((d) => d ?? 4), 0, 1, 'float32', 6);
          try {
            expect(fused.layers.map((l) => [l.name, l.getClassName(), l.countParams()])).toEqual(plain.layers.map((l) => [l.name, l.getClassName(), l.countParams()]));
            const [a, b] = [plain.predict(x) as tf.Tensor, fused.predict(x) as tf.Tensor];
            expect(maxAbsDiff(a, b)).toBeLessThan(1e-5);
            const [ta, tb] = [plain.apply(x, { training: true }) as tf.Tensor, fused.apply(x, { training: true }) as tf.Tensor];
            expect(maxAbsDiff(ta, tb)).toBeLessThan(1e-5);
            expect(maxAbsDiff(ta, a)).toBeGreaterThan(1e-3);
            const [ga, gb] = [lossAndGrads(plain, x, y), lossAndGrads(fused, x, y)];
            expect(Math.abs(ga.value.dataSync()[0] - gb.value.dataSync()[0])).toBeLessThan(1e-5);
            ga.list.forEach((g, i) => {
              expect(maxAbsDiff(g, gb.list[i]), `gradient ${i}`).toBeLessThan(1e-4);
              expect(maxAbsDiff(g, tf.zerosLike(g)), `gradient ${i} is not trivially zero`).toBeGreaterThan(0);
            });
            tf.dispose([a, b, ta, tb, ga.value, gb.value, ...ga.list, ...gb.list]);
          } finally {
            tf.dispose([x, y]);
            plain.dispose();
            fused.dispose();
          }
        });
      }
    }
  }

  for (const cell of CELLS) {
    it(`${cell} many-to-one with the linear shortcut, ensemble of 2: outputs and gradients equal the unrolled core's`, () => {
      const spec = ModelSpec.parse({ cell, layers: [{ units: 5 }], linearShortcut: true, ensemble: 2, dropout: 0.2 });
      const plain = buildModel(spec, dims, 11, fastRecurrentCore);
      const fused = buildModel(spec, dims, 11, fusedNativeCore);
      // The output Dense layers start at zero with the shortcut; give them weights so gradients reach the recurrence.
      for (const name of ['m1_dense_out', 'm2_dense_out', 'shortcut_dense']) {
        const weights = plain.getLayer(name).getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.5, 'float32', 20 + i));
        plain.getLayer(name).setWeights(weights);
        fused.getLayer(name).setWeights(weights);
        tf.dispose(weights);
      }
      const x = tf.randomNormal([4, dims.lookback, dims.inputFeatures], 0, 1, 'float32', 5);
      const y = tf.randomNormal([4, dims.horizon, dims.targets], 0, 1, 'float32', 6);
      try {
        expect(fused.layers.some((l) => l.name === 'shortcut_add')).toBe(true);
        const [a, b] = [plain.predict(x) as tf.Tensor, fused.predict(x) as tf.Tensor];
        expect(maxAbsDiff(a, b)).toBeLessThan(1e-5);
        const [ga, gb] = [lossAndGrads(plain, x, y), lossAndGrads(fused, x, y)];
        ga.list.forEach((g, i) => {
          expect(maxAbsDiff(g, gb.list[i]), `gradient ${i}`).toBeLessThan(1e-4);
          expect(maxAbsDiff(g, tf.zerosLike(g)), `gradient ${i} is not trivially zero`).toBeGreaterThan(0);
        });
        tf.dispose([a, b, ga.value, gb.value, ...ga.list, ...gb.list]);
      } finally {
        tf.dispose([x, y]);
        plain.dispose();
        fused.dispose();
      }
    });
  }

  it('trains a model with the linear shortcut on the fused core, gradients reaching every layer once the output layer moves', async () => {
    for (const cell of CELLS) {
      const shape: ModelDims = { lookback: 6, horizon: 2, inputFeatures: 1, targets: 1 };
      const model = buildModel(ModelSpec.parse({ cell, layers: [{ units: 3 }], linearShortcut: true, ensemble: 2 }), shape, 7, fusedNativeCore);
      const { train, val } = sineSplits({ points: 60, lookback: shape.lookback, horizon: shape.horizon, topology: 'many-to-one' });
      const batches: BatchEvent[] = [];
      try {
        const result = await new TrainingJob({ model, spec: TrainSpec.parse({ epochs: 3, batchSize: 8, earlyStopping: null }), train, val, onEvent: (e) => e.type === 'batch' && batches.push(e) }).run();
        expect(result.status, `${cell}: ${result.message ?? ''}`).toBe('completed');
        expect(recurrentCoreOf(model)).toBe(fusedNativeCore.id);
        const last = batches[batches.length - 1];
        for (const layer of model.layers.filter((l) => l.trainableWeights.length > 0)) {
          expect(last.layerGradNorms[layer.name], `${cell} ${layer.name}`).toBeGreaterThan(0);
        }
      } finally {
        model.dispose();
      }
    }
  });

  it('equals the stock tfjs layers too (LSTM and GRU, bidirectional, stacked)', () => {
    for (const cell of ['lstm', 'gru'] as CellType[]) {
      const spec = ModelSpec.parse({ cell, bidirectional: true, layers: [{ units: 4 }, { units: 3 }] });
      const stock = buildModel(spec, dims, 4, tfjsRecurrentCore);
      const fused = buildModel(spec, dims, 4, fusedNativeCore);
      const x = tf.randomNormal([3, dims.lookback, dims.inputFeatures], 0, 1, 'float32', 9);
      const y = tf.randomNormal([3, dims.horizon, dims.targets], 0, 1, 'float32', 10);
      const [a, b] = [stock.predict(x) as tf.Tensor, fused.predict(x) as tf.Tensor];
      expect(maxAbsDiff(a, b), cell).toBeLessThan(1e-5);
      const [ga, gb] = [lossAndGrads(stock, x, y), lossAndGrads(fused, x, y)];
      ga.list.forEach((g, i) => expect(maxAbsDiff(g, gb.list[i]), `${cell} gradient ${i}`).toBeLessThan(1e-4));
      tf.dispose([x, y, a, b, ga.value, gb.value, ...ga.list, ...gb.list]);
      stock.dispose();
      fused.dispose();
    }
  });

  it('an LSTM with recurrent dropout falls back to the unrolled recurrence and still matches it', () => {
    const spec = ModelSpec.parse({ cell: 'lstm', bidirectional: true, layers: [{ units: 4 }], dropout: 0.2, recurrentDropout: 0.3 });
    const plain = buildModel(spec, dims, 2, fastRecurrentCore);
    const fused = buildModel(spec, dims, 2, fusedNativeCore);
    const x = tf.randomNormal([4, dims.lookback, dims.inputFeatures], 0, 1, 'float32', 3);
    const [a, b] = [plain.apply(x, { training: true }) as tf.Tensor, fused.apply(x, { training: true }) as tf.Tensor];
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-6);
    tf.dispose([x, a, b]);
    plain.dispose();
    fused.dispose();
  });

  for (const cell of CELLS) {
    it(`${cell}: a training step runs a fraction of the unrolled core's tfjs kernels and leaks no tensors`, async () => {
      const [plain, fused] = [await kernelsPerStep(fastRecurrentCore, cell), await kernelsPerStep(fusedNativeCore, cell)];
      expect(fused).toBeLessThan(plain * 0.6);
      const before = tf.memory().numTensors;
      await kernelsPerStep(fusedNativeCore, cell);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  // Training through the whole job: one-step sequences (lookback 1, horizon 1) included, and the
  // per-layer gradient norms the app charts must be real for every layer.
  const shapes: { label: string; dims: ModelDims }[] = [
    { label: 'horizon 1', dims: { lookback: 4, horizon: 1, inputFeatures: 1, targets: 1 } },
    { label: 'lookback 1', dims: { lookback: 1, horizon: 2, inputFeatures: 1, targets: 1 } },
  ];
  for (const { label, dims: shape } of shapes) {
    for (const topology of Topology.options) {
      it(`${label}: ${topology} bidirectional trains an epoch on the fused core for every cell, gradients reaching every layer`, async () => {
        for (const cell of CELLS) {
          const model = buildModel(ModelSpec.parse({ cell, topology, bidirectional: true, layers: [{ units: 3 }, { units: 2 }], recurrentDropout: cell === 'lstm' ? 0 : 0.1 }), shape, 7, fusedNativeCore);
          const { train, val } = sineSplits({ points: 40, lookback: shape.lookback, horizon: shape.horizon, topology });
          const batches: BatchEvent[] = [];
          try {
            const result = await new TrainingJob({ model, spec: TrainSpec.parse({ epochs: 1, batchSize: 16, earlyStopping: null }), train, val, onEvent: (e) => e.type === 'batch' && batches.push(e) }).run();
            // One epoch on a tiny model may honestly not beat the untrained network; it must still train without failing.
            expect(result.status, `${cell}: ${result.message ?? ''}`).toMatch(/^(completed|no_improvement)$/);
            for (const layer of model.layers.filter((l) => l.trainableWeights.length > 0)) {
              const norm = batches[0]?.layerGradNorms[layer.name];
              expect(norm, `${cell} ${layer.name}`).toBeGreaterThan(0);
              expect(Number.isFinite(norm)).toBe(true);
            }
          } finally {
            model.dispose();
          }
        }
      });
    }
  }
});
