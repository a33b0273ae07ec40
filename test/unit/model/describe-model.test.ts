import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { buildModel, describeModel, type ModelDims } from '../../../src-main/engine/model';
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
