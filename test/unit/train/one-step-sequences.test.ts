/**
 * Recurrent layers over a one-step sequence must train: horizon 1 gives one-to-many and
 * encoder-decoder decoders a length-1 sequence (RepeatVector(1)), lookback 1 does the same to every
 * layer of many-to-one and many-to-many. tfjs 4.22's unstack gradient failed on a single step
 * ("Argument tensors passed to stack must be a `Tensor[]`"); see src-main/engine/model/unstack-gradient.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { buildModel, fastRecurrentCore, tfjsRecurrentCore, type ModelDims, type RecurrentCore } from '../../../src-main/engine/model';
import { ModelSpec, Topology, TrainSpec, type BatchEvent, type CellType, type TrainingEvent } from '../../../src-main/engine/spec';
import { TrainingJob } from '../../../src-main/engine/train';
import { sineSplits } from './sine-windows';

const shapes: { label: string; dims: ModelDims }[] = [
  { label: 'horizon 1', dims: { lookback: 4, horizon: 1, inputFeatures: 1, targets: 1 } },
  { label: 'lookback 1', dims: { lookback: 1, horizon: 2, inputFeatures: 1, targets: 1 } },
];

async function trainOneEpoch(topology: Topology, cell: CellType, bidirectional: boolean, dims: ModelDims, core: RecurrentCore) {
  // Two recurrent layers, so a one-step layer also has to pass gradients back to the layer below it.
  const model = buildModel(ModelSpec.parse({ cell, topology, bidirectional, layers: [{ units: 3 }, { units: 2 }] }), dims, 7, core);
  const { train, val } = sineSplits({ points: 40, lookback: dims.lookback, horizon: dims.horizon, topology });
  const events: TrainingEvent[] = [];
  const spec = TrainSpec.parse({ epochs: 1, batchSize: 16, earlyStopping: null });
  try {
    const result = await new TrainingJob({ model, spec, train, val, onEvent: (e) => events.push(e) }).run();
    const layersWithWeights = model.layers.filter((l) => l.trainableWeights.length > 0).map((l) => l.name);
    const firstBatch = events.find((e): e is BatchEvent => e.type === 'batch');
    return { result, layersWithWeights, firstBatch };
  } finally {
    model.dispose();
  }
}

describe('training on one-step sequences', () => {
  beforeAll(async () => {
    await initBackend();
  });

  const TRAINED = /^(completed|no_improvement)$/;

  for (const { label, dims } of shapes) {
    for (const topology of Topology.options) {
      for (const bidirectional of [false, true]) {
        it(`${label}: ${topology}${bidirectional ? ' bidirectional' : ''} trains an epoch for every cell, gradients reaching every layer`, async () => {
          for (const cell of ['rnn', 'lstm', 'gru'] as CellType[]) {
            const { result, layersWithWeights, firstBatch } = await trainOneEpoch(topology, cell, bidirectional, dims, fastRecurrentCore);
            // One epoch of a tiny model may not beat the untrained one; either way it trained without failing.
            expect(result.status, `${cell}: ${result.message ?? ''}`).toMatch(TRAINED);
            expect(result.epochs).toBe(1);
            expect(Number.isFinite(result.bestValLoss)).toBe(true);
            // Every layer (the encoder under a one-step decoder included) got a real gradient.
            for (const name of layersWithWeights) {
              const norm = firstBatch?.layerGradNorms[name];
              expect(norm, `${cell} ${name}`).toBeGreaterThan(0);
              expect(Number.isFinite(norm)).toBe(true);
            }
          }
        });
      }
    }
  }

  // The stock tfjs layers unstack over time too; an encoder-decoder with horizon 1 failed there as well.
  for (const { label, dims } of shapes) {
    it(`${label}: the stock tfjs recurrent core trains every topology too`, async () => {
      for (const topology of Topology.options) {
        const { result } = await trainOneEpoch(topology, 'lstm', true, dims, tfjsRecurrentCore);
        expect(result.status, `${topology}: ${result.message ?? ''}`).toMatch(TRAINED);
      }
    });
  }
});
