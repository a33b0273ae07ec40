import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { buildModel, describeModel, validateModel, type ModelDims } from '../../../src-main/engine/model';
import { ModelSpec, type CellType, type Topology } from '../../../src-main/engine/spec';

const cells: CellType[] = ['rnn', 'lstm', 'gru'];
const topologies: Topology[] = ['many-to-one', 'many-to-many', 'one-to-many', 'encoder-decoder'];
const dims: ModelDims = { lookback: 5, horizon: 3, inputFeatures: 2, targets: 2 };
/** Distinct unit counts per layer so a wrong input size in any formula changes the count. */
const layerUnits = [[3], [4, 3], [2, 5, 3]];

/** The first output when a layer returns several (a recurrent layer with returnState). */
function primaryShape(shape: unknown): unknown {
  return Array.isArray(shape) && Array.isArray(shape[0]) ? shape[0] : shape;
}

describe('describeModel equals the built tfjs model', () => {
  beforeAll(async () => {
    await initBackend();
  });

  for (const cell of cells) {
    for (const topology of topologies) {
      for (const bidirectional of [false, true]) {
        it(`${cell} ${topology}${bidirectional ? ' bidirectional' : ''}, 1–3 layers`, () => {
          for (const units of layerUnits) {
            const spec = ModelSpec.parse({ cell, topology, bidirectional, layers: units.map((u) => ({ units: u })) });
            const description = describeModel(spec, dims);
            const model = buildModel(spec, dims, 1);
            try {
              expect(description.totalParams).toBe(model.countParams());
              expect(description.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
              expect(description.layers.map((l) => l.kind)).toEqual(model.layers.map((l) => l.getClassName()));
              expect(description.layers.map((l) => l.params)).toEqual(model.layers.map((l) => l.countParams()));
              expect(description.layers.map((l) => l.outputShape)).toEqual(model.layers.map((l) => primaryShape(l.outputShape)));
              expect(description.outputShape).toEqual(model.outputs[0].shape);
              expect(description.inputShape).toEqual(model.inputs[0].shape);
            } finally {
              model.dispose();
            }
          }
        });
      }
    }
  }

  for (const cell of cells) {
    for (const ensemble of [1, 3]) {
      it(`${cell} many-to-one with the linear shortcut${ensemble > 1 ? `, ensemble of ${ensemble}` : ''}`, () => {
        for (const units of layerUnits) {
          const spec = ModelSpec.parse({ cell, linearShortcut: true, ensemble, layers: units.map((u) => ({ units: u })) });
          const description = describeModel(spec, dims);
          const model = buildModel(spec, dims, 1);
          try {
            expect(description.totalParams).toBe(model.countParams());
            const built = new Map(model.layers.map((l) => [l.name, l]));
            expect([...built.keys()].sort()).toEqual(description.layers.map((l) => l.name).sort());
            for (const layer of description.layers) {
              const tfLayer = built.get(layer.name)!;
              expect(layer.kind).toBe(tfLayer.getClassName());
              expect(layer.params).toBe(tfLayer.countParams());
              expect(layer.outputShape).toEqual(primaryShape(tfLayer.outputShape));
            }
            expect(description.layers.slice(-4).map((l) => [l.name, l.kind, l.outputShape, l.params])).toEqual([
              ['shortcut_flatten', 'Flatten', [null, 10], 0],
              ['shortcut_dense', 'Dense', [null, 6], 10 * 6 + 6],
              ['shortcut_reshape', 'Reshape', [null, 3, 2], 0],
              ['shortcut_add', 'Add', [null, 3, 2], 0],
            ]);
            expect(model.outputs[0].sourceLayer.name).toBe('shortcut_add');
            const addSources = model.getLayer('shortcut_add').inboundNodes[0].inboundLayers.map((l) => l.name);
            expect(addSources).toEqual([ensemble > 1 ? 'ensemble_mean' : 'reshape_out', 'shortcut_reshape']);
            expect(model.getLayer('shortcut_flatten').inboundNodes[0].inboundLayers.map((l) => l.name)).toEqual(['input']);
            expect(description.outputShape).toEqual(model.outputs[0].shape);
          } finally {
            model.dispose();
          }
        }
      });
    }
  }

  it('starts the shortcut and the network output at zero, so the untrained model forecasts zeros', () => {
    const spec = ModelSpec.parse({ cell: 'gru', linearShortcut: true, ensemble: 2, layers: [{ units: 4 }] });
    const model = buildModel(spec, dims, 5);
    try {
      for (const name of ['shortcut_dense', 'm1_dense_out', 'm2_dense_out']) {
        for (const weight of model.getLayer(name).getWeights()) expect(Math.max(...Array.from(weight.dataSync(), Math.abs))).toBe(0);
      }
      const recurrent = model.getLayer('m1_gru_1').getWeights()[0];
      expect(Math.max(...Array.from(recurrent.dataSync(), Math.abs))).toBeGreaterThan(0);
      const out = tf.tidy(() => model.predict(tf.randomNormal([2, 5, 2], 0, 1, 'float32', 3)) as tf.Tensor);
      expect(Math.max(...Array.from(out.dataSync(), Math.abs))).toBe(0);
      out.dispose();
    } finally {
      model.dispose();
    }
  });

  it('keeps the weights of the network the same with or without the shortcut (same seed)', () => {
    const base = { cell: 'lstm', layers: [{ units: 3 }] } as const;
    const plain = buildModel(ModelSpec.parse(base), dims, 9);
    const withShortcut = buildModel(ModelSpec.parse({ ...base, linearShortcut: true }), dims, 9);
    try {
      expect(withShortcut.getLayer('lstm_1').getWeights()[0].arraySync()).toEqual(plain.getLayer('lstm_1').getWeights()[0].arraySync());
    } finally {
      plain.dispose();
      withShortcut.dispose();
    }
  });

  it('refuses the shortcut on a topology other than many-to-one, naming the field', () => {
    for (const topology of ['many-to-many', 'one-to-many', 'encoder-decoder'] as const) {
      const result = validateModel({ topology, linearShortcut: true, layers: [{ units: 2 }] }, dims);
      expect(result.ok).toBe(false);
      expect(result.errors).toEqual([{ path: 'linearShortcut', message: expect.stringContaining('switch it off or use many-to-one') }]);
    }
    expect(validateModel({ topology: 'many-to-one', linearShortcut: true, layers: [{ units: 2 }] }, dims).ok).toBe(true);
    expect(ModelSpec.parse({ layers: [{ units: 2 }] }).linearShortcut).toBe(false);
  });

  it('gives the output shapes the data area produces targets for', () => {
    const shapeFor = (topology: Topology) => describeModel(ModelSpec.parse({ topology, layers: [{ units: 4 }] }), dims).outputShape;
    expect(shapeFor('many-to-one')).toEqual([null, 3, 2]);
    expect(shapeFor('one-to-many')).toEqual([null, 3, 2]);
    expect(shapeFor('encoder-decoder')).toEqual([null, 3, 2]);
    expect(shapeFor('many-to-many')).toEqual([null, 5, 6]);
  });

  it('counts a textbook LSTM layer as 4·u·(in + u + 1)', () => {
    const description = describeModel(ModelSpec.parse({ cell: 'lstm', layers: [{ units: 8 }] }), { lookback: 10, horizon: 1, inputFeatures: 3, targets: 1 });
    expect(description.layers.find((l) => l.name === 'lstm_1')?.params).toBe(4 * 8 * (3 + 8 + 1));
  });

  it('leaves no tensors behind after building and disposing', () => {
    const before = tf.memory().numTensors;
    const model = buildModel(ModelSpec.parse({ cell: 'gru', bidirectional: true, layers: [{ units: 4 }, { units: 2 }] }), dims, 3);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
