import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { runExperiment } from '../../../src-main/engine/experiment';
import { describeRecipeChoice, recipeCandidates, recipeName, type TrainingEvent } from '../../../src-main/engine/spec';
import { chooseRecipe, splitLastWindows } from '../../../src-main/engine/train';
import { monthlyTable, tinyConfig } from '../pipeline/fixtures';

beforeAll(async () => {
  await initBackend();
});

describe('chooseRecipe', () => {
  it('keeps the candidate with the lower validation loss', () => {
    expect(chooseRecipe([{ valLoss: 0.5 }, { valLoss: 0.4 }])).toBe(1);
    expect(chooseRecipe([{ valLoss: 0.4 }, { valLoss: 0.5 }])).toBe(0);
    expect(chooseRecipe([{ valLoss: 0.5 }, { valLoss: 0.45 }, { valLoss: 0.3 }])).toBe(2);
  });

  it('keeps the run’s own recipe (the first) on a tie or a gain inside the margin', () => {
    expect(chooseRecipe([{ valLoss: 0.4 }, { valLoss: 0.4 }])).toBe(0);
    expect(chooseRecipe([{ valLoss: 1 }, { valLoss: 0.98 }], 0.03)).toBe(0);
    expect(chooseRecipe([{ valLoss: 1 }, { valLoss: 0.96 }], 0.03)).toBe(1);
  });

  it('never picks a candidate without a finite loss, and replaces a first one without', () => {
    expect(chooseRecipe([{ valLoss: 0.4 }, { valLoss: null }])).toBe(0);
    expect(chooseRecipe([{ valLoss: 0.4 }, { valLoss: Number.NaN }])).toBe(0);
    expect(chooseRecipe([{ valLoss: null }, { valLoss: 2 }])).toBe(1);
    expect(chooseRecipe([{ valLoss: null }, { valLoss: null }])).toBe(0);
    expect(() => chooseRecipe([])).toThrow(/at least one candidate/);
  });
});

describe('splitLastWindows', () => {
  const batch = (count: number) => ({
    count,
    x: Float32Array.from({ length: count * 3 * 2 }, (_, i) => i),
    xShape: [count, 3, 2] as [number, number, number],
    y: Float32Array.from({ length: count }, (_, i) => i),
    yShape: [count, 1, 1],
  });

  it('keeps the window order and holds out the last share', () => {
    const { head, tail } = splitLastWindows(batch(20), 0.15);
    expect([head.count, tail.count]).toEqual([17, 3]);
    expect(Array.from(tail.y)).toEqual([17, 18, 19]);
    expect(tail.xShape).toEqual([3, 3, 2]);
    expect(tail.x[0]).toBe(17 * 6);
    expect(head.yShape).toEqual([17, 1, 1]);
    expect(head.x.length).toBe(17 * 6);
  });

  it('leaves at least one window on each side and refuses a single window', () => {
    expect(splitLastWindows(batch(3), 0.01).tail.count).toBe(1);
    expect(splitLastWindows(batch(3), 0.99).head.count).toBe(1);
    expect(() => splitLastWindows(batch(1), 0.15)).toThrow(/cannot split 1 training window/);
  });
});

describe('recipe candidates and their description', () => {
  it('tries cosine decay against a constant rate and a constant rate against cosine', () => {
    expect(recipeCandidates({ kind: 'constant' })).toEqual([{ kind: 'constant' }, { kind: 'cosine', minFactor: 0.01 }]);
    expect(recipeCandidates({ kind: 'cosine', minFactor: 0.1 })).toEqual([{ kind: 'cosine', minFactor: 0.1 }, { kind: 'constant' }]);
    expect(recipeName({ kind: 'cosine', minFactor: 0.01 })).toBe('cosine decay to 1% of lr');
  });

  it('says which recipe won and both scores', () => {
    const text = describeRecipeChoice({
      chosen: 'cosine decay to 1% of lr',
      candidates: [
        { name: 'constant lr', valLoss: 0.1234567, bestEpoch: 12 },
        { name: 'cosine decay to 1% of lr', valLoss: 0.0987654, bestEpoch: 30 },
      ],
    });
    expect(text).toBe('recipe chosen on validation: cosine decay to 1% of lr (constant lr: val loss 0.1235 (best epoch 12); cosine decay to 1% of lr: val loss 0.09877 (best epoch 30))');
  });
});

describe('runExperiment with train.chooseRecipe', () => {
  it('trains both recipes, records both validation scores and keeps the better one for the refit', async () => {
    const table = await monthlyTable(96);
    const config = tinyConfig({ train: { epochs: 5, batchSize: 16, seed: 3, refit: true, chooseRecipe: true } });
    const events: TrainingEvent[] = [];
    const before = tf.memory().numTensors;
    const result = await runExperiment({ table, config, onEvent: (e) => events.push(e) });
    expect(result.status).toBe('completed');
    const recipe = result.summary?.recipe;
    expect(recipe?.candidates.map((c) => c.name)).toEqual(['constant lr', 'cosine decay to 1% of lr']);
    for (const candidate of recipe!.candidates) {
      expect(Number.isFinite(candidate.valLoss)).toBe(true);
      expect(candidate.bestEpoch).toBeGreaterThanOrEqual(0);
    }
    const [constant, cosine] = recipe!.candidates;
    // Both recipes train for the same epoch count (chosen on an inner split), so their scores compare.
    expect(cosine.bestEpoch).toBe(constant.bestEpoch);
    expect(constant.bestEpoch).toBeGreaterThanOrEqual(1);
    const expected = cosine.valLoss! < constant.valLoss! * (1 - config.train.earlyStopping!.minRelativeDelta) ? cosine : constant;
    expect(recipe!.chosen).toBe(expected.name);
    // Only the run's own recipe's epochs are streamed.
    expect(events.filter((e) => e.type === 'epoch').length).toBeLessThanOrEqual(5);
    expect(events.filter((e) => e.type === 'status' && e.status === 'completed')).toHaveLength(1);
    expect(events[events.length - 1]).toMatchObject({ type: 'done', status: 'completed' });
    result.model.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  }, 300_000);

  it('records no recipe when the option is off', async () => {
    const table = await monthlyTable(96);
    const result = await runExperiment({ table, config: tinyConfig(), onEvent: () => undefined });
    expect(result.summary?.recipe).toBeUndefined();
    result.model.dispose();
  }, 300_000);
});
