/**
 * The fast recurrent core must be a drop-in replacement for the stock tfjs layers: same outputs, same
 * gradients, same dropout masks for a seed, and a saved model that loads as the stock layers.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { buildModel, fastRecurrentCore, tfjsRecurrentCore, type ModelDims } from '../../../src-main/engine/model';
import { ModelSpec, type CellType, type Topology } from '../../../src-main/engine/spec';

const dims: ModelDims = { lookback: 7, horizon: 2, inputFeatures: 3, targets: 2 };

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (!artifacts) throw new Error('nothing saved');
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}

describe('fast recurrent core equals the stock tfjs layers', () => {
  beforeAll(async () => {
    await initBackend();
  });

  const cases: [CellType, Topology, boolean][] = [
    ['rnn', 'many-to-one', false],
    ['lstm', 'many-to-many', false],
    ['gru', 'encoder-decoder', false],
    ['lstm', 'one-to-many', false],
    ['gru', 'many-to-many', true],
    ['lstm', 'encoder-decoder', true],
    ['rnn', 'many-to-one', true],
  ];
  for (const [cell, topology, bidirectional] of cases) {
    it(`${cell} ${topology}${bidirectional ? ' bidirectional' : ''}: outputs, dropout outputs and gradients`, () => {
      const spec = ModelSpec.parse({ cell, topology, bidirectional, layers: [{ units: 5 }, { units: 3 }], dropout: 0.3, recurrentDropout: 0.2, l2: 0.01 });
      const stock = buildModel(spec, dims, 11, tfjsRecurrentCore);
      const fast = buildModel(spec, dims, 11, fastRecurrentCore);
      const x = tf.randomNormal([4, dims.lookback, dims.inputFeatures], 0, 1, 'float32', 5);
      const y = tf.randomNormal(stock.outputs[0].shape.map((d) => d ?? 4), 0, 1, 'float32', 6);
      const gradsOf = (model: tf.LayersModel) => {
        const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
        const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
        const list = vars.map((v) => grads[v.name]);
        return { value, list };
      };
      try {
        expect(fast.layers.map((l) => [l.name, l.getClassName(), l.countParams()])).toEqual(stock.layers.map((l) => [l.name, l.getClassName(), l.countParams()]));
        const [a, b] = [stock.predict(x) as tf.Tensor, fast.predict(x) as tf.Tensor];
        expect(maxAbsDiff(a, b)).toBeLessThan(1e-5);
        // Training mode: masks come from the same seeded streams in the same order.
        const [ta, tb] = [stock.apply(x, { training: true }) as tf.Tensor, fast.apply(x, { training: true }) as tf.Tensor];
        expect(maxAbsDiff(ta, tb)).toBeLessThan(1e-5);
        expect(maxAbsDiff(ta, a)).toBeGreaterThan(1e-3);
        const [ga, gb] = [gradsOf(stock), gradsOf(fast)];
        expect(Math.abs(ga.value.dataSync()[0] - gb.value.dataSync()[0])).toBeLessThan(1e-5);
        ga.list.forEach((g, i) => expect(maxAbsDiff(g, gb.list[i]), `gradient ${i}`).toBeLessThan(1e-4));
        tf.dispose([a, b, ta, tb, ga.value, gb.value, ...ga.list, ...gb.list]);
      } finally {
        tf.dispose([x, y]);
        stock.dispose();
        fast.dispose();
      }
    });
  }

  for (const bidirectional of [false, true]) {
    it(`saves as the stock layers: the file loads without our code and predicts the same${bidirectional ? ' (bidirectional)' : ''}`, async () => {
      const spec = ModelSpec.parse({ cell: 'gru', bidirectional, layers: [{ units: 4 }, { units: 3 }], l2: 0.02 });
      const fast = buildModel(spec, dims, 3, fastRecurrentCore);
      const loaded = await roundTrip(fast);
      expect(loaded.layers.map((l) => l.constructor.name)).toContain(bidirectional ? 'Bidirectional' : 'GRU');
      expect(loaded.weights.map((w) => w.originalName)).toEqual(fast.weights.map((w) => w.originalName));
      const x = tf.randomNormal([2, dims.lookback, dims.inputFeatures], 0, 1, 'float32', 8);
      const [a, b] = [fast.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
      expect(maxAbsDiff(a, b)).toBeLessThan(1e-5);
      tf.dispose([x, a, b]);
      fast.dispose();
      loaded.dispose();
    });
  }

  // Kernel launches, not arithmetic, dominate tfjs RNN time; counting them is a deterministic proxy.
  for (const cell of ['rnn', 'lstm', 'gru'] as CellType[]) {
    it(`${cell}: runs far fewer kernels per training step`, async () => {
      const spec = ModelSpec.parse({ cell, layers: [{ units: 8 }] });
      const count = async (core: typeof fastRecurrentCore) => {
        const model = buildModel(spec, { lookback: 16, horizon: 1, inputFeatures: 1, targets: 1 }, 1, core);
        const x = tf.ones([8, 16, 1]);
        const y = tf.ones([8, 1, 1]);
        const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
        const info = await tf.profile(() => {
          const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
          tf.dispose([value, ...Object.values(grads)]);
        });
        tf.dispose([x, y]);
        model.dispose();
        return info.kernels.length;
      };
      const [stock, fast] = [await count(tfjsRecurrentCore), await count(fastRecurrentCore)];
      expect(fast).toBeLessThan(stock * 0.7);
    });
  }
});
