/**
 * Models loaded from disk (stock tfjs layers) are rebuilt on the fastest core for predicting: same
 * weights, same outputs; anything the cores do not compute stays as loaded.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { buildModel, FastRecurrentLayer, fusedNativeCore, recurrentCoreOf, tfjsRecurrentCore, withFastestCore, type ModelDims } from '../../../src-main/engine/model';
import { ModelSpec, type CellType, type Topology } from '../../../src-main/engine/spec';

const dims: ModelDims = { lookback: 6, horizon: 3, inputFeatures: 2, targets: 1 };

async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (!artifacts) throw new Error('nothing saved');
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

describe('withFastestCore', () => {
  beforeAll(async () => {
    await initBackend('tensorflow');
  });

  const cases: [CellType, Topology, boolean][] = [
    ['lstm', 'many-to-one', false],
    ['gru', 'many-to-many', true],
    ['rnn', 'one-to-many', false],
    ['lstm', 'encoder-decoder', true],
  ];
  for (const [cell, topology, bidirectional] of cases) {
    it(`${cell} ${topology}${bidirectional ? ' bidirectional' : ''}: a loaded stock model is rebuilt on the fused core with identical outputs`, async () => {
      const original = buildModel(ModelSpec.parse({ cell, topology, bidirectional, layers: [{ units: 4 }, { units: 3 }], dropout: 0.2 }), dims, 5, tfjsRecurrentCore);
      const loaded = await roundTrip(original);
      const x = tf.randomNormal([5, dims.lookback, dims.inputFeatures], 0, 1, 'float32', 2);
      const expected = original.predict(x) as tf.Tensor;
      expect(recurrentCoreOf(loaded)).toBe('tfjs-layers');
      const fast = withFastestCore(loaded, fusedNativeCore);
      expect(fast).not.toBe(loaded);
      expect(recurrentCoreOf(fast)).toBe('tensorflow-fused');
      expect(fast.layers.filter((l) => l instanceof FastRecurrentLayer).length).toBeGreaterThan(0);
      expect(fast.layers.map((l) => [l.name, l.getClassName()])).toEqual(original.layers.map((l) => [l.name, l.getClassName()]));
      const actual = fast.predict(x) as tf.Tensor;
      expect(maxAbsDiff(actual, expected)).toBeLessThan(1e-5);
      // It still saves as the stock layers.
      const again = await roundTrip(fast);
      const reloaded = again.predict(x) as tf.Tensor;
      expect(maxAbsDiff(reloaded, expected)).toBeLessThan(1e-5);
      tf.dispose([x, expected, actual, reloaded]);
      [original, fast, again].forEach((m) => m.dispose());
    });
  }

  it('keeps a model whose recurrent layers compute something else (tfjs default hardSigmoid gates)', () => {
    const input = tf.input({ shape: [4, 1] });
    const output = tf.layers.dense({ units: 1 }).apply(tf.layers.lstm({ units: 3 }).apply(input)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    expect(withFastestCore(model, fusedNativeCore)).toBe(model);
    model.dispose();
  });
});
