import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { buildModel } from '../../../src-main/engine/model';
import { bestCheckpointOf, describeBestEpoch, ModelSpec, skillTone, TrainSpec, type TrainingEvent } from '../../../src-main/engine/spec';
import { TrainingJob } from '../../../src-main/engine/train';
import { sineSplits } from './sine-windows';

const weightsOf = (model: tf.LayersModel): Float32Array[] => model.getWeights().map((w) => w.dataSync() as Float32Array);

function job(train: Parameters<typeof TrainSpec.parse>[0]) {
  const data = sineSplits({ points: 120, lookback: 8, horizon: 1, topology: 'many-to-one' });
  const spec = TrainSpec.parse(train);
  const model = buildModel(ModelSpec.parse({ cell: 'gru', layers: [{ units: 4 }] }), { lookback: 8, horizon: 1, inputFeatures: 1, targets: 1 }, spec.seed);
  const events: TrainingEvent[] = [];
  const saved: { epoch: number; weights: Float32Array[] }[] = [];
  const training = new TrainingJob({
    model,
    spec,
    ...data,
    onEvent: (e) => events.push(e),
    onImproved: async (epoch) => {
      saved.push({ epoch, weights: weightsOf(model) });
    },
  });
  return { model, events, saved, training };
}

describe('the checkpoint callback and runs that never improve', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('saves the untrained model as checkpoint 0 before the first batch', async () => {
    const s = job({ epochs: 2, batchSize: 16, earlyStopping: null, optimizer: { kind: 'adam', lr: 0.02 } });
    const initial = weightsOf(s.model);
    const result = await s.training.run();
    expect(s.saved[0]).toEqual({ epoch: 0, weights: initial });
    const firstBatch = s.events.findIndex((e) => e.type === 'batch');
    expect(s.events.findIndex((e) => e.type === 'checkpoint' && e.epoch === 0)).toBeLessThan(firstBatch);
    expect(result.status).toBe('completed');
    expect(result.bestEpoch).toBe(bestCheckpointOf(s.events)?.epoch);
    expect(result.bestEpoch).toBeGreaterThan(0);
    s.model.dispose();
  });

  it('a run no epoch improves ends no_improvement, keeps and restores the untrained weights, and says what to try', async () => {
    // A min delta larger than any loss: no epoch can count as an improvement.
    const s = job({ epochs: 6, batchSize: 16, optimizer: { kind: 'adam', lr: 0.05 }, earlyStopping: { patience: 3, minDelta: 1e6 } });
    const initial = weightsOf(s.model);
    const result = await s.training.run();
    expect(result.status).toBe('no_improvement');
    expect(result.bestEpoch).toBe(0);
    expect(result.epochs).toBe(3);
    expect(result.message).toMatch(/^No improvement: in 3 epochs the validation loss never went below the untrained network's \([\d.]+\)/);
    expect(result.message).toMatch(/Lower the learning rate \(it was 0\.05\), scale the features/);
    expect(result.message).toMatch(/Early stopping ended the run at epoch 3/);
    expect(s.saved.map((c) => c.epoch)).toEqual([0]);
    expect(weightsOf(s.model)).toEqual(initial);
    expect(s.events.filter((e) => e.type === 'checkpoint').map((e) => e.type === 'checkpoint' && e.epoch)).toEqual([0]);
    expect(s.events.filter((e) => e.type === 'epoch').every((e) => e.type === 'epoch' && !e.improved)).toBe(true);
    expect(s.events.at(-1)).toEqual({ type: 'status', status: 'no_improvement' });
    s.model.dispose();
  });

  it('with minEpochs the first eligible epoch replaces the untrained network though it scores a little worse', async () => {
    // Weights that make the untrained network a near-perfect forecaster would be contrived; instead a
    // learning rate of zero leaves every epoch exactly as good as the untrained network, which a plain
    // run never counts as an improvement.
    const frozen = { epochs: 6, batchSize: 16, optimizer: { kind: 'sgd' as const, lr: 1e-12 } };
    const plain = job({ ...frozen, earlyStopping: { patience: 10, minDelta: 0 } });
    expect((await plain.training.run()).status).toBe('no_improvement');
    const s = job({ ...frozen, earlyStopping: { patience: 10, minDelta: 0, minEpochs: 4 } });
    const result = await s.training.run();
    expect(result.status).toBe('completed');
    expect(result.bestEpoch).toBe(4);
    expect(s.saved.map((c) => c.epoch)).toEqual([0, 4]);
    const epochs = s.events.filter((e) => e.type === 'epoch');
    expect(epochs.map((e) => e.type === 'epoch' && e.improved)).toEqual([false, false, false, true, false, false]);
    plain.model.dispose();
    s.model.dispose();
  });

  it('with minEpochs a run far worse than its untrained network still ends no_improvement', async () => {
    const s = job({ epochs: 4, batchSize: 16, optimizer: { kind: 'adam', lr: 10 }, earlyStopping: { patience: 10, minDelta: 0, minEpochs: 2 } });
    const result = await s.training.run();
    expect(result.status).toBe('no_improvement');
    expect(result.bestEpoch).toBe(0);
    s.model.dispose();
  });

  it('with minEpochs, epochs before it are never kept even when they are the best', async () => {
    const s = job({ epochs: 6, batchSize: 16, optimizer: { kind: 'adam', lr: 0.02 }, earlyStopping: { patience: 50, minDelta: 0, minEpochs: 6 } });
    const result = await s.training.run();
    expect(result.bestEpoch).toBe(6);
    expect(s.saved.map((c) => c.epoch)).toEqual([0, 6]);
    s.model.dispose();
  });

  it('minRelativeDelta: a trained checkpoint is replaced only by an epoch beating it by that fraction', async () => {
    const plain = job({ epochs: 12, batchSize: 16, optimizer: { kind: 'adam', lr: 0.02 }, earlyStopping: { patience: 50, minDelta: 0 } });
    await plain.training.run();
    const strict = job({ epochs: 12, batchSize: 16, optimizer: { kind: 'adam', lr: 0.02 }, earlyStopping: { patience: 50, minDelta: 0, minRelativeDelta: 0.2 } });
    await strict.training.run();
    const kept = (events: TrainingEvent[]): [number, number][] => events.flatMap((e) => (e.type === 'checkpoint' && e.epoch > 0 ? [[e.epoch, e.valLoss] as [number, number]] : []));
    const strictKept = kept(strict.events);
    // The first trained epoch to beat the untrained network counts however little it gains.
    expect(strictKept[0][0]).toBe(kept(plain.events)[0][0]);
    for (let i = 1; i < strictKept.length; i++) expect(strictKept[i][1]).toBeLessThan(strictKept[i - 1][1] * 0.8);
    // Every epoch between two strict checkpoints was within 20% of the kept one.
    const epochs = strict.events.filter((e) => e.type === 'epoch');
    for (const e of epochs) {
      if (e.type !== 'epoch') continue;
      const before = strictKept.filter(([epoch]) => epoch < e.epoch).at(-1);
      if (before && !strictKept.some(([epoch]) => epoch === e.epoch)) expect(e.valLoss).toBeGreaterThanOrEqual(before[1] * 0.8);
    }
    expect(strictKept.length).toBeLessThan(kept(plain.events).length);
    plain.model.dispose();
    strict.model.dispose();
  });

  it('minEpochs longer than the run: its last epoch is the minimum, so it still ends on a trained model', async () => {
    const s = job({ epochs: 3, batchSize: 16, optimizer: { kind: 'sgd', lr: 1e-12 }, earlyStopping: { patience: 5, minDelta: 0, minEpochs: 15 } });
    const result = await s.training.run();
    expect(result.status).toBe('completed');
    expect(result.bestEpoch).toBe(3);
    s.model.dispose();
  });

  it('one reading of "best" for every view: the untrained model is never a skill', () => {
    expect(describeBestEpoch({ bestEpoch: 0, epochs: 8 })).toBe('no epoch of 8 beat the untrained model');
    expect(describeBestEpoch({ bestEpoch: 3, epochs: 8 })).toBe('best epoch 3 of 8');
    expect(skillTone({ bestEpoch: 0 }, 0.4)).toBe('untrained');
    expect(skillTone({ bestEpoch: 2 }, 0.4)).toBe('good');
    expect(skillTone({ bestEpoch: 2 }, -0.1)).toBe('bad');
  });
});
