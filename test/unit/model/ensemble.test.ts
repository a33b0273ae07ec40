/**
 * A seed ensemble is one model: K member chains from the one input, their mean as the output. Each
 * member is initialised on its own and trained on its own loss, so one step moves each member exactly
 * as it would move trained alone; saved, loaded and rebuilt on the fused core it predicts the same.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { buildModel, describeModel, fusedNativeCore, memberOfLayer, recurrentCoreOf, tfjsRecurrentCore, withFastestCore, type ModelDims } from '../../../src-main/engine/model';
import { ModelSpec, TrainSpec, type CellType, type Topology } from '../../../src-main/engine/spec';
import { clipScalesPerGroup, memberOutputsModel, TrainingJob, type TrainingBatch } from '../../../src-main/engine/train';

const dims: ModelDims = { lookback: 6, horizon: 2, inputFeatures: 2, targets: 1 };

function batchOf(count: number, seed: number): TrainingBatch {
  return tf.tidy(() => {
    const x = tf.randomNormal([count, dims.lookback, dims.inputFeatures], 0, 1, 'float32', seed);
    const y = tf.randomNormal([count, dims.horizon, dims.targets], 0, 1, 'float32', seed + 1);
    return { count, x: x.dataSync() as Float32Array, xShape: [count, dims.lookback, dims.inputFeatures] as [number, number, number], y: y.dataSync() as Float32Array, yShape: [count, dims.horizon, dims.targets] };
  });
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

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

describe('seed ensembles', () => {
  beforeAll(async () => {
    await initBackend('tensorflow');
  });

  const topologies: [CellType, Topology][] = [
    ['lstm', 'many-to-one'],
    ['gru', 'many-to-many'],
    ['rnn', 'one-to-many'],
    ['lstm', 'encoder-decoder'],
  ];
  for (const [cell, topology] of topologies) {
    it(`${cell} ${topology}: the description is the built model's, with K times the parameters of one member`, () => {
      const single = describeModel(ModelSpec.parse({ cell, topology, layers: [{ units: 3 }] }), dims);
      const spec = ModelSpec.parse({ cell, topology, layers: [{ units: 3 }], ensemble: 3 });
      const description = describeModel(spec, dims);
      const model = buildModel(spec, dims, 1);
      try {
        expect(description.totalParams).toBe(3 * single.totalParams);
        expect(description.totalParams).toBe(model.countParams());
        expect([...description.layers.map((l) => l.name)].sort()).toEqual(model.layers.map((l) => l.name).sort());
        expect(description.layers.at(-1)).toMatchObject({ name: 'ensemble_mean', kind: 'Average', params: 0 });
        expect(description.outputShape).toEqual(single.outputShape);
        expect(model.outputs[0].shape).toEqual(single.outputShape);
        for (const layer of model.layers) {
          if (layer.name === 'input' || layer.name === 'ensemble_mean') continue;
          expect(memberOfLayer(layer.name)).toBeGreaterThanOrEqual(1);
          expect(memberOfLayer(layer.name)).toBeLessThanOrEqual(3);
        }
      } finally {
        model.dispose();
      }
    });
  }

  it('a single network keeps its old names and has no average layer', () => {
    const model = buildModel(ModelSpec.parse({ cell: 'lstm', layers: [{ units: 3 }] }), dims, 1);
    expect(model.layers.map((l) => l.name)).toEqual(['input', 'lstm_1', 'dense_out', 'reshape_out']);
    expect(memberOutputsModel(model)).toBeUndefined();
    model.dispose();
  });

  it('members start from different weights and the output is their mean', () => {
    const model = buildModel(ModelSpec.parse({ cell: 'gru', layers: [{ units: 4 }], ensemble: 3 }), dims, 7);
    const members = memberOutputsModel(model);
    expect(members).toBeDefined();
    const kernels = [1, 2, 3].map((k) => model.getLayer(`m${k}_gru_1`).getWeights()[0]);
    expect(maxAbsDiff(kernels[0], kernels[1])).toBeGreaterThan(0.01);
    expect(maxAbsDiff(kernels[1], kernels[2])).toBeGreaterThan(0.01);
    const x = tf.randomNormal([5, dims.lookback, dims.inputFeatures], 0, 1, 'float32', 3);
    const outputs = members!.predict(x) as tf.Tensor[];
    expect(outputs).toHaveLength(3);
    const mean = tf.div(tf.addN(outputs), 3);
    const predicted = model.predict(x) as tf.Tensor;
    expect(maxAbsDiff(predicted, mean)).toBeLessThan(1e-6);
    expect(maxAbsDiff(outputs[0], outputs[1])).toBeGreaterThan(1e-3);
    tf.dispose([x, ...outputs, mean, predicted]);
    model.dispose();
  });

  // Plain SGD: a step is proportional to the gradient, so a wrong scale (the members' mean loss) shows
  // unclipped, and a clip shared by all members shows when clipping binds.
  for (const clip of [{ kind: 'none' as const }, { kind: 'norm' as const, value: 0.05 }]) {
    it(`one training step moves each member exactly as training it alone would (clip ${clip.kind})`, async () => {
      const train = batchOf(24, 11);
      const val = batchOf(8, 21);
      const spec = TrainSpec.parse({ optimizer: { kind: 'sgd', lr: 0.5 }, clip, batchSize: 24, epochs: 1, earlyStopping: null, seed: 3 });
      const ensemble = buildModel(ModelSpec.parse({ cell: 'lstm', layers: [{ units: 4 }], ensemble: 3 }), dims, 5);
      const alone = buildModel(ModelSpec.parse({ cell: 'lstm', layers: [{ units: 4 }] }), dims, 99);
      // Member 2 trained alone: a single network starting from member 2's weights.
      alone.getLayer('lstm_1').setWeights(ensemble.getLayer('m2_lstm_1').getWeights());
      alone.getLayer('dense_out').setWeights(ensemble.getLayer('m2_dense_out').getWeights());
      const ensembleEvents: { type: string; loss?: number; clipped?: boolean }[] = [];
      const aloneEvents: { type: string; loss?: number; clipped?: boolean }[] = [];
      await new TrainingJob({ model: ensemble, spec, train, val, onEvent: (e) => ensembleEvents.push(e) }).run();
      await new TrainingJob({ model: alone, spec, train, val, onEvent: (e) => aloneEvents.push(e) }).run();
      expect(aloneEvents.find((e) => e.type === 'batch')?.clipped).toBe(clip.kind === 'norm');
      const after = [...ensemble.getLayer('m2_lstm_1').getWeights(), ...ensemble.getLayer('m2_dense_out').getWeights()];
      const expected = [...alone.getLayer('lstm_1').getWeights(), ...alone.getLayer('dense_out').getWeights()];
      after.forEach((w, i) => expect(maxAbsDiff(w, expected[i])).toBeLessThan(1e-5));
      expect(Number.isFinite(ensembleEvents.find((e) => e.type === 'batch')?.loss)).toBe(true);
      ensemble.dispose();
      alone.dispose();
    });
  }

  it('training an ensemble (with L2 and clipping) frees every per-batch and per-epoch tensor', async () => {
    const spec = TrainSpec.parse({ optimizer: { kind: 'adam', lr: 0.01 }, clip: { kind: 'norm', value: 0.1 }, batchSize: 8, epochs: 3, earlyStopping: null, seed: 3 });
    const model = buildModel(ModelSpec.parse({ cell: 'gru', layers: [{ units: 3 }], ensemble: 2, l2: 0.001 }), dims, 5);
    const counts: number[] = [];
    const before = tf.memory().numTensors;
    await new TrainingJob({ model, spec, train: batchOf(24, 1), val: batchOf(8, 2), onEvent: (e) => e.type === 'epoch' && counts.push(tf.memory().numTensors) }).run();
    expect(counts).toHaveLength(3);
    expect(counts[2]).toBe(counts[0]);
    model.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  });

  it('clip scales per group: each group brought to the limit on its own', () => {
    expect(clipScalesPerGroup([4, 0.25, 1], 1)).toEqual([0.5, 1, 1]);
  });

  it('saved and loaded, an ensemble is rebuilt on the fused core with identical outputs', async () => {
    const original = buildModel(ModelSpec.parse({ cell: 'lstm', layers: [{ units: 4 }], ensemble: 2 }), dims, 5, tfjsRecurrentCore);
    const loaded = await roundTrip(original);
    const x = tf.randomNormal([5, dims.lookback, dims.inputFeatures], 0, 1, 'float32', 2);
    const expected = original.predict(x) as tf.Tensor;
    const fast = withFastestCore(loaded, fusedNativeCore);
    expect(fast).not.toBe(loaded);
    expect(recurrentCoreOf(fast)).toBe('tensorflow-fused');
    const actual = fast.predict(x) as tf.Tensor;
    expect(maxAbsDiff(actual, expected)).toBeLessThan(1e-5);
    tf.dispose([x, expected, actual]);
    original.dispose();
    fast.dispose();
  });
});
