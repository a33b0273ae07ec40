import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { buildModel, validateModel, type ModelDims } from '../../../src-main/engine/model';
import { glorotUniform, orthogonal } from '../../../src-main/engine/model/initialize';
import { createRng } from '../../../src-main/engine/model';
import { ModelSpec, type Topology } from '../../../src-main/engine/spec';
import { modelVariables } from '../../../src-main/engine/train';

const dims: ModelDims = { lookback: 6, horizon: 2, inputFeatures: 3, targets: 2 };

function weightValues(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

/** Saves to memory in the tfjs layers format and loads it back, as export and checkpoints do. */
async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts) throw new Error('nothing saved');
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}

describe('buildModel', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('gives identical weights for the same seed and different ones for another', () => {
    const spec = ModelSpec.parse({ cell: 'lstm', layers: [{ units: 4 }, { units: 3 }] });
    const [a, b, c] = [buildModel(spec, dims, 5), buildModel(spec, dims, 5), buildModel(spec, dims, 6)];
    expect(weightValues(a)).toEqual(weightValues(b));
    expect(weightValues(a)).not.toEqual(weightValues(c));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('initialises the two directions of a bidirectional layer differently', () => {
    const model = buildModel(ModelSpec.parse({ cell: 'gru', bidirectional: true, layers: [{ units: 3 }] }), dims, 1);
    const weights = model.getLayer('bigru_1').getWeights().map((w) => Array.from(w.dataSync()));
    expect(weights).toHaveLength(6);
    expect(weights[0]).not.toEqual(weights[3]); // forward vs backward kernel
    expect(weights[1]).not.toEqual(weights[4]); // recurrent kernels
    model.dispose();
  });

  it('starts LSTM forget-gate biases at 1 and other biases at 0', () => {
    const model = buildModel(ModelSpec.parse({ cell: 'lstm', layers: [{ units: 3 }] }), dims, 1);
    const bias = Array.from(model.getLayer('lstm_1').getWeights()[2].dataSync());
    expect(bias).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    model.dispose();
  });

  it('draws orthogonal recurrent kernels and Glorot-bounded kernels', () => {
    const rows = 4;
    const cols = 12;
    const q = orthogonal(rows, cols, createRng(3));
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < rows; j++) {
        let dot = 0;
        for (let k = 0; k < cols; k++) dot += q[i * cols + k] * q[j * cols + k];
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 5);
      }
    }
    const limit = Math.sqrt(6 / (5 + 7));
    const g = glorotUniform(5, 7, createRng(4));
    expect(Math.max(...g.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...g.map(Math.abs))).toBeGreaterThan(limit * 0.8);
  });

  const topologies: Topology[] = ['many-to-one', 'many-to-many', 'one-to-many', 'encoder-decoder'];
  for (const topology of topologies) {
    it(`${topology}: saves and reloads in tfjs layers format with identical predictions`, async () => {
      const model = buildModel(ModelSpec.parse({ cell: 'gru', topology, bidirectional: true, layers: [{ units: 3 }, { units: 2 }], dropout: 0.2, l2: 0.01 }), dims, 2);
      const loaded = await roundTrip(model);
      // The L2 penalty travels with the model, so retraining a loaded model keeps it.
      expect(modelVariables(loaded).regularized).toEqual(modelVariables(model).regularized.map((r) => ({ ...r, variable: expect.anything() })));
      expect(modelVariables(loaded).regularized).toHaveLength(topology === 'encoder-decoder' ? 10 : 8);
      const x = tf.randomNormal([2, dims.lookback, dims.inputFeatures], 0, 1, 'float32', 1);
      // The file loads as the stock tfjs layers; the fast core computes the same to float32 rounding.
      const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor))).dataSync()[0]);
      expect(diff).toBeLessThan(1e-5);
      expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
      x.dispose();
      model.dispose();
      loaded.dispose();
    });
  }

  it('uses only the last input step for one-to-many', () => {
    const model = buildModel(ModelSpec.parse({ cell: 'rnn', topology: 'one-to-many', layers: [{ units: 3 }] }), dims, 2);
    const [a, b] = tf.tidy(() => {
      const x = tf.randomNormal([1, dims.lookback, dims.inputFeatures], 0, 1, 'float32', 3);
      // Same last step, different history.
      const changed = tf.concat([tf.randomNormal([1, dims.lookback - 1, dims.inputFeatures], 0, 1, 'float32', 4), x.slice([0, dims.lookback - 1, 0], [1, 1, dims.inputFeatures])], 1);
      return [(model.predict(x) as tf.Tensor).arraySync(), (model.predict(changed) as tf.Tensor).arraySync()];
    });
    expect(b).toEqual(a);
    model.dispose();
  });

  it('applies dropout only in training, with masks drawn from the seed', () => {
    const spec = ModelSpec.parse({ cell: 'lstm', layers: [{ units: 4 }], dropout: 0.5, recurrentDropout: 0.5 });
    const outputs = (seed: number) => {
      const model = buildModel(spec, dims, seed);
      const result = tf.tidy(() => {
        const x = tf.ones([2, dims.lookback, dims.inputFeatures]);
        const run = (training: boolean) => Array.from((model.apply(x, { training }) as tf.Tensor).dataSync());
        return { inference: [run(false), run(false)], training: [run(true), run(true)] };
      });
      model.dispose();
      return result;
    };
    const first = outputs(3);
    expect(first.inference[0]).toEqual(first.inference[1]);
    expect(first.training[0]).not.toEqual(first.inference[0]);
    expect(first.training[0]).not.toEqual(first.training[1]); // a fresh mask per forward pass
    expect(outputs(3).training).toEqual(first.training); // …from the seeded stream
  });

  it('refuses an invalid spec, naming the field', () => {
    expect(() => buildModel({ ...ModelSpec.parse({ layers: [{ units: 2 }] }), layers: [] }, dims, 1)).toThrow(/layers: add at least one recurrent layer/);
  });
});

describe('validateModel', () => {
  it('accepts a valid spec with its defaults', () => {
    expect(validateModel({ layers: [{ units: 8 }] }, dims)).toEqual({ ok: true, errors: [] });
  });

  it('points at the fields that are wrong', () => {
    const result = validateModel({ cell: 'transformer', layers: [{ units: 0 }], dropout: 2 });
    expect(result.ok).toBe(false);
    const paths = result.errors.map((e) => e.path).sort();
    expect(paths).toEqual(['cell', 'dropout', 'layers.0.units']);
    expect(result.errors.find((e) => e.path === 'layers.0.units')?.message).toMatch(/at least 1 unit/);
  });

  it('rejects impossible dims and oversized models', () => {
    expect(validateModel({ layers: [{ units: 8 }] }, { ...dims, lookback: 0 }).errors).toEqual([{ path: 'dims.lookback', message: 'lookback must be a whole number of at least 1 (got 0)' }]);
    const huge = validateModel({ layers: Array.from({ length: 8 }, () => ({ units: 4096 })) }, dims);
    expect(huge.ok).toBe(false);
    expect(huge.errors[0].message).toMatch(/parameters; at most 20,000,000/);
  });
});
