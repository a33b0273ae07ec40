import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { TrainSpec, type TrainingEvent } from '../../../src-main/engine/spec';
import { Checkpoint, EarlyStopping, LearningRate, OverfittingWatch, type TrainingContext } from '../../../src-main/engine/train';

/** A real one-weight model and a context that records what the callbacks say. */
function context(): TrainingContext & { events: TrainingEvent[]; stops: string[] } {
  const input = tf.input({ shape: [1] });
  const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 1, kernelInitializer: 'ones', useBias: false }).apply(input) as tf.SymbolicTensor });
  const events: TrainingEvent[] = [];
  const stops: string[] = [];
  return { model, spec: TrainSpec.parse({}), events, stops, emit: (e) => events.push(e), requestStop: (m) => stops.push(m) };
}

const setWeight = (ctx: TrainingContext, w: number): void => ctx.model.setWeights([tf.tensor2d([[w]])]);
const weight = (ctx: TrainingContext): number => ctx.model.getWeights()[0].dataSync()[0];

describe('training callbacks', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('Checkpoint: the untrained model is checkpoint 0; only a loss beyond min delta is a new one; the best weights come back', async () => {
    const ctx = context();
    const saved: number[] = [];
    const checkpoint = new Checkpoint(ctx, 0.1, async (epoch) => {
      saved.push(epoch);
    });
    await checkpoint.onTrainBegin(1.0);
    setWeight(ctx, 2);
    await checkpoint.onEpochEnd({ epoch: 1, trainLoss: 1, valLoss: 0.95 });
    expect(checkpoint.bestEpoch).toBe(0);
    await checkpoint.onEpochEnd({ epoch: 2, trainLoss: 1, valLoss: 0.8 });
    setWeight(ctx, 3);
    await checkpoint.onEpochEnd({ epoch: 3, trainLoss: 1, valLoss: 0.85 });
    expect({ best: checkpoint.bestEpoch, since: checkpoint.sinceImproved, saved }).toEqual({ best: 2, since: 1, saved: [0, 2] });
    expect(ctx.events).toEqual([
      { type: 'checkpoint', epoch: 0, valLoss: 1.0 },
      { type: 'checkpoint', epoch: 2, valLoss: 0.8 },
    ]);
    checkpoint.onTrainEnd({ keepLastWeights: false });
    expect(weight(ctx)).toBe(2);
    ctx.model.dispose();
  });

  it('EarlyStopping asks to stop once patience epochs pass without a checkpoint', async () => {
    const ctx = context();
    const checkpoint = new Checkpoint(ctx, 0);
    const early = new EarlyStopping(ctx, 2, checkpoint);
    await checkpoint.onTrainBegin(1);
    for (const [epoch, valLoss] of [[1, 0.5], [2, 0.6], [3, 0.7]]) {
      await checkpoint.onEpochEnd({ epoch, trainLoss: 1, valLoss });
      early.onEpochEnd({ epoch });
    }
    expect(ctx.stops).toEqual(['Early stopping at epoch 3: no validation improvement for 2 epochs; the weights of epoch 1 were kept.']);
    checkpoint.onTrainEnd({ keepLastWeights: false });
    ctx.model.dispose();
  });

  it('OverfittingWatch warns once, after three epochs of rising validation and falling training loss', () => {
    const ctx = context();
    const watch = new OverfittingWatch(ctx);
    const losses = [[1, 1], [0.9, 1.1], [0.8, 1.2], [0.7, 1.3], [0.6, 1.4]];
    losses.forEach(([trainLoss, valLoss], i) => watch.onEpochEnd({ epoch: i + 1, trainLoss, valLoss }));
    expect(ctx.events.map((e) => e.type === 'warning' && `${e.kind}@${e.epoch}`)).toEqual(['overfitting@4']);
    ctx.model.dispose();
  });

  it('LearningRate lowers the rate on a plateau and says so', () => {
    const ctx = context();
    const lr = new LearningRate(ctx, { kind: 'plateau', patience: 2, factor: 0.5, minLr: 0 }, 0.1, 10);
    [1, 1.1, 1.2].forEach((valLoss, i) => lr.onEpochEnd({ epoch: i + 1, trainLoss: 1, valLoss }));
    expect(lr.rateFor(4)).toBeCloseTo(0.05, 10);
    expect(ctx.events).toHaveLength(1);
    expect(ctx.events[0]).toMatchObject({ type: 'warning', kind: 'plateau', epoch: 3 });
    ctx.model.dispose();
  });
});
