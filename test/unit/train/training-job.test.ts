import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { buildModel } from '../../../src-main/engine/model';
import { ModelSpec, TrainSpec, type EpochEvent, type ModelSpecInput, type TrainingEvent, type TrainSpecInput, type Topology } from '../../../src-main/engine/spec';
import { modelVariables, TrainingJob, type TrainingBatch } from '../../../src-main/engine/train';
import { sineSplits } from './sine-windows';
import { MIN_BATCHES_FOR_ETA } from '../../../src-main/engine/train/eta';

const lookback = 8;
const horizon = 2;

function setup(model: ModelSpecInput, train: TrainSpecInput, data = sineSplits({ points: 120, lookback, horizon, topology: ModelSpec.parse(model).topology })) {
  const modelSpec = ModelSpec.parse(model);
  const trainSpec = TrainSpec.parse(train);
  const built = buildModel(modelSpec, { lookback, horizon, inputFeatures: 1, targets: 1 }, trainSpec.seed);
  const events: TrainingEvent[] = [];
  return { model: built, spec: trainSpec, ...data, events, onEvent: (e: TrainingEvent) => events.push(e) };
}

function weightsOf(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

function epochs(events: TrainingEvent[]): EpochEvent[] {
  return events.filter((e): e is EpochEvent => e.type === 'epoch');
}

function predictShape(model: tf.LayersModel, batch: TrainingBatch): number[] {
  return tf.tidy(() => (model.predict(tf.tensor3d(batch.x, batch.xShape)) as tf.Tensor).shape);
}

describe('TrainingJob', () => {
  beforeAll(async () => {
    await initBackend();
  });

  const topologies: Topology[] = ['many-to-one', 'many-to-many', 'one-to-many', 'encoder-decoder'];
  for (const topology of topologies) {
    it(`trains a ${topology} model for 2 epochs with outputs of the right shape`, async () => {
      const s = setup({ cell: 'gru', topology, layers: [{ units: 4 }] }, { epochs: 2, batchSize: 16, earlyStopping: null });
      const result = await new TrainingJob(s).run();
      expect(result.status).toBe('completed');
      expect(result.epochs).toBe(2);
      expect(epochs(s.events)).toHaveLength(2);
      expect(predictShape(s.model, s.val)).toEqual(s.val.yShape);
      s.model.dispose();
    });
  }

  it('learns a noisy sine to a low validation MSE in a few epochs', async () => {
    const data = sineSplits({ points: 240, lookback: 8, horizon: 1, topology: 'many-to-one', noise: 0.05 });
    const spec = TrainSpec.parse({ epochs: 6, batchSize: 32, optimizer: { kind: 'adam', lr: 0.02 }, earlyStopping: null });
    const model = buildModel(ModelSpec.parse({ cell: 'rnn', layers: [{ units: 8 }] }), { lookback: 8, horizon: 1, inputFeatures: 1, targets: 1 }, 1);
    const result = await new TrainingJob({ model, spec, ...data, onEvent: () => undefined }).run();
    expect(result.status).toBe('completed');
    expect(result.bestValLoss).toBeLessThan(0.05);
    // The model holds the best weights: evaluating it again gives the best validation loss.
    const valLoss = tf.tidy(() => tf.losses.meanSquaredError(tf.tensor(data.val.y, data.val.yShape), model.predict(tf.tensor3d(data.val.x, data.val.xShape)) as tf.Tensor).dataSync()[0]);
    expect(valLoss).toBeCloseTo(result.bestValLoss, 5);
    model.dispose();
  });

  it('repeats a run exactly with the same seed, and differs with another', async () => {
    const losses = async (seed: number) => {
      const s = setup({ cell: 'lstm', layers: [{ units: 5 }], dropout: 0.2, recurrentDropout: 0.1 }, { epochs: 2, batchSize: 16, seed });
      await new TrainingJob(s).run();
      s.model.dispose();
      return s.events.flatMap((e) => (e.type === 'batch' ? [e.loss, e.gradNorm] : e.type === 'epoch' ? [e.valLoss] : []));
    };
    const first = await losses(7);
    expect(await losses(7)).toEqual(first);
    expect(await losses(8)).not.toEqual(first);
  });

  it('reports batch diagnostics: global and per-layer gradient norms before clipping', async () => {
    const s = setup({ cell: 'rnn', layers: [{ units: 4 }, { units: 3 }] }, { epochs: 1, batchSize: 16, clip: { kind: 'norm', value: 1e-3 } });
    await new TrainingJob(s).run();
    const batches = s.events.filter((e) => e.type === 'batch');
    expect(batches.length).toBe(Math.ceil(s.train.count / 16));
    for (const b of batches) {
      expect(Object.keys(b.layerGradNorms).sort()).toEqual(['dense_out', 'rnn_1', 'rnn_2']);
      const fromLayers = Math.sqrt(Object.values(b.layerGradNorms).reduce((sum, n) => sum + n * n, 0));
      expect(b.gradNorm).toBeCloseTo(fromLayers, 4);
      // Reported before clipping: far above the tiny clip norm, and flagged as clipped.
      expect(b.gradNorm).toBeGreaterThan(1e-3);
      expect(b.clipped).toBe(true);
    }
    expect(epochs(s.events)[0].clipEvents).toBe(batches.length);
    s.model.dispose();
  });

  it('estimates the time left from a few batches in, before the first epoch ends', async () => {
    const s = setup({ cell: 'gru', layers: [{ units: 4 }] }, { epochs: 3, batchSize: 8, earlyStopping: null });
    await new TrainingJob(s).run();
    const firstEpochAt = s.events.findIndex((e) => e.type === 'epoch');
    const batches = s.events.slice(0, firstEpochAt).filter((e) => e.type === 'batch');
    const perEpoch = Math.ceil(s.train.count / 8);
    expect(batches).toHaveLength(perEpoch);
    // No estimate from the warm-up batches; one on every batch after them.
    expect(batches.slice(0, MIN_BATCHES_FOR_ETA - 1).every((b) => b.etaSeconds === undefined)).toBe(true);
    const estimated = batches.slice(MIN_BATCHES_FOR_ETA - 1);
    expect(estimated.length).toBeGreaterThan(0);
    for (const b of estimated) {
      expect(b.etaSeconds).toBeGreaterThan(0);
      expect(b.fractionDone).toBeCloseTo(b.step / (3 * perEpoch), 9);
    }
    // The last epoch's last batch has (almost) nothing left; the final epoch event says none.
    const all = s.events.filter((e) => e.type === 'batch');
    expect(all.at(-1)?.etaSeconds).toBe(0);
    expect(all.at(-1)?.fractionDone).toBe(1);
    expect(epochs(s.events).at(-1)?.etaSeconds).toBe(0);
    s.model.dispose();
  });

  it('ends a NaN divergence as diverged, keeping the best weights', async () => {
    const s = setup({ cell: 'rnn', layers: [{ units: 4 }] }, { epochs: 3, batchSize: 8, optimizer: { kind: 'sgd', lr: 1e6 }, clip: { kind: 'none' } });
    const initial = weightsOf(s.model);
    const result = await new TrainingJob(s).run();
    expect(result.status).toBe('diverged');
    expect(result.message).toMatch(/diverged at epoch 1/);
    const warning = s.events.find((e) => e.type === 'warning' && e.kind === 'nan');
    expect(warning).toBeDefined();
    expect(result.bestEpoch).toBe(0);
    expect(weightsOf(s.model)).toEqual(initial);
    expect(s.events.at(-1)).toEqual({ type: 'status', status: 'diverged' });
    s.model.dispose();
  });

  it('stops early and restores the weights of the best epoch (the ones checkpointed)', async () => {
    // Very noisy validation windows: once the signal is learnt, validation loss only wanders.
    const train = sineSplits({ points: 120, lookback, horizon, topology: 'many-to-one' }).train;
    const val = sineSplits({ points: 120, lookback, horizon, topology: 'many-to-one', noise: 0.6, seed: 9 }).val;
    const s = setup({ cell: 'rnn', layers: [{ units: 4 }] }, { epochs: 30, batchSize: 16, optimizer: { kind: 'adam', lr: 0.05 }, earlyStopping: { patience: 2 } }, { train, val });
    let checkpointed: Float32Array[] = [];
    const improvedAt: number[] = [];
    const result = await new TrainingJob({
      ...s,
      onImproved: async (epoch) => {
        improvedAt.push(epoch);
        checkpointed = weightsOf(s.model);
      },
    }).run();
    expect(result.status).toBe('completed');
    expect(result.message).toMatch(/Early stopping at epoch \d+: no validation improvement for 2 epochs/);
    expect(result.bestEpoch).toBeGreaterThan(0);
    expect(result.epochs).toBe(result.bestEpoch + 2);
    expect(improvedAt.at(-1)).toBe(result.bestEpoch);
    expect(weightsOf(s.model)).toEqual(checkpointed);
    const checkpoints = s.events.filter((e) => e.type === 'checkpoint').map((e) => e.epoch);
    expect(checkpoints).toEqual(improvedAt);
    s.model.dispose();
  });

  it('pauses before the next batch, waits, and resumes where it left off', async () => {
    const s = setup({ cell: 'rnn', layers: [{ units: 3 }] }, { epochs: 1, batchSize: 8 });
    let batchesWhenPaused = -1;
    let batchesBeforeResume = -1;
    const onEvent = s.onEvent;
    const observed: TrainingJob = new TrainingJob({
      ...s,
      onEvent: (e) => {
        onEvent(e);
        if (e.type === 'batch' && e.step === 2) observed.pause();
        if (e.type === 'status' && e.status === 'paused') {
          batchesWhenPaused = s.events.filter((x) => x.type === 'batch').length;
          // Let many event-loop turns pass while paused; no batch may run meanwhile.
          let turns = 0;
          const tick = (): void => {
            if (++turns < 20) {
              setImmediate(tick);
              return;
            }
            batchesBeforeResume = s.events.filter((x) => x.type === 'batch').length;
            observed.resume();
          };
          setImmediate(tick);
        }
      },
    });
    const result = await observed.run();
    expect(result.status).toBe('completed');
    expect(batchesWhenPaused).toBe(2);
    expect(batchesBeforeResume).toBe(2);
    const statuses = s.events.filter((e) => e.type === 'status').map((e) => e.status);
    expect(statuses).toEqual(['running', 'paused', 'running', 'completed']);
    const steps = s.events.flatMap((e) => (e.type === 'batch' ? [e.step] : []));
    expect(steps).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1));
    s.model.dispose();
  });

  it('stops within one batch and keeps the best weights', async () => {
    const s = setup({ cell: 'rnn', layers: [{ units: 3 }] }, { epochs: 5, batchSize: 8, optimizer: { kind: 'adam', lr: 0.01 } });
    let bestAfterEpoch1: Float32Array[] = [];
    const observed: TrainingJob = new TrainingJob({
      ...s,
      onImproved: async () => {
        bestAfterEpoch1 = weightsOf(s.model);
      },
      onEvent: (e) => {
        s.onEvent(e);
        // Mid-epoch 2: the epoch-1 weights are the best there are.
        if (e.type === 'batch' && e.epoch === 2 && e.batch === 3) observed.stop();
      },
    });
    const result = await observed.run();
    expect(result.status).toBe('stopped');
    expect(result.epochs).toBe(1);
    const lastBatch = s.events.filter((e) => e.type === 'batch').at(-1);
    expect(lastBatch).toMatchObject({ epoch: 2, batch: 3 });
    expect(result.message).toMatch(/Stopped on request after 1 complete epoch;/);
    expect(result.bestEpoch).toBe(1);
    expect(weightsOf(s.model)).toEqual(bestAfterEpoch1);
    expect(s.events.at(-1)).toEqual({ type: 'status', status: 'stopped' });
    s.model.dispose();
  });

  for (const bidirectional of [false, true]) {
    it(`disposes every per-batch and per-epoch tensor (${bidirectional ? 'bidirectional' : 'one direction'})`, async () => {
      const s = setup({ cell: 'gru', layers: [{ units: 3 }], bidirectional, dropout: 0.1, recurrentDropout: 0.1 }, { epochs: 3, batchSize: 32, schedule: { kind: 'cosine' }, clip: { kind: 'value', value: 0.1 }, earlyStopping: null });
      const counts: number[] = [];
      const before = tf.memory().numTensors;
      await new TrainingJob({
        ...s,
        onEvent: (e) => {
          if (e.type === 'epoch') counts.push(tf.memory().numTensors);
        },
      }).run();
      expect(counts).toHaveLength(3);
      expect(counts[2]).toBe(counts[0]);
      s.model.dispose();
      expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
    });
  }

  it('applies the schedule to the optimizer each epoch', async () => {
    const s = setup({ cell: 'rnn', layers: [{ units: 3 }] }, { epochs: 3, batchSize: 32, optimizer: { kind: 'adam', lr: 0.01 }, schedule: { kind: 'step', every: 1, gamma: 0.5 }, earlyStopping: null });
    await new TrainingJob(s).run();
    expect(epochs(s.events).map((e) => e.lr)).toEqual([0.01, 0.005, 0.0025]);
    s.model.dispose();
  });

  it('applies ModelSpec.l2 to the recurrent kernels, read back from the model', async () => {
    const norms = async (l2: number) => {
      const s = setup({ cell: 'rnn', bidirectional: true, layers: [{ units: 4 }], l2 }, { epochs: 1, batchSize: 16, optimizer: { kind: 'sgd', lr: 0.1 } });
      const vars = modelVariables(s.model);
      await new TrainingJob(s).run();
      s.model.dispose();
      return { regularized: vars.regularized.map((r) => r.l2), weightNorms: epochs(s.events)[0].weightNorms };
    };
    const plain = await norms(0);
    const penalised = await norms(0.5);
    expect(plain.regularized).toEqual([]);
    expect(penalised.regularized).toEqual([0.5, 0.5, 0.5, 0.5]); // kernel + recurrent kernel, both directions
    expect(penalised.weightNorms.birnn_1).toBeLessThan(plain.weightNorms.birnn_1 * 0.9);
    expect(penalised.weightNorms.dense_out).toBeGreaterThan(0);
  });

  it('rejects windows whose shape does not match the model, saying which', () => {
    const s = setup({ cell: 'rnn', layers: [{ units: 3 }] }, { epochs: 1 });
    const wrong = sineSplits({ points: 120, lookback: 5, horizon, topology: 'many-to-one' });
    expect(() => new TrainingJob({ ...s, train: wrong.train })).toThrow(/expects input windows of shape \[8,1\] but the training windows are \[5,1\]/);
    s.model.dispose();
  });

  it('rejects windows holding NaN, saying which window', () => {
    const s = setup({ cell: 'rnn', layers: [{ units: 3 }] }, { epochs: 1 });
    const x = s.train.x.slice();
    x[8 * 3 + 2] = Number.NaN; // inside the 4th window
    expect(() => new TrainingJob({ ...s, train: { ...s.train, x } })).toThrow(/training inputs contain NaN or infinite values \(first in window 4 of \d+\)/);
    s.model.dispose();
  });
});
