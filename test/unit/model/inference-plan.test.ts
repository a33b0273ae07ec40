/**
 * The inference plan (an ensemble composed into one wide network, on the addon's kernels or
 * TensorFlow's) must forecast what model.predict forecasts — window by window and over whole rollouts
 * — for every cell, single network and ensemble, stacked and bidirectional, many-to-one and
 * many-to-many, with known-in-advance and calendar features; keep the tensor count steady; and step
 * aside (model.predict, unchanged) where it does not apply.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import type { PreparedSeries } from '../../../src-main/engine/data';
import { buildModel, composeInferencePlan, fusedInferencePlan, fusedNativeCore, type ModelDims } from '../../../src-main/engine/model';
import { predictRaw, rollout, type FutureFeatures } from '../../../src-main/engine/predict';
import { ModelSpec, Topology, type CellType, type Rollout } from '../../../src-main/engine/spec';
import { modelFor, monthlyTable, prepareWith, rng, tinyConfig } from '../pipeline/fixtures';

const CELLS: CellType[] = ['rnn', 'lstm', 'gru'];
const dims: ModelDims = { lookback: 7, horizon: 2, inputFeatures: 3, targets: 2 };
const SHAPES = [
  { name: 'one layer', layers: [{ units: 5 }], bidirectional: false, topology: 'many-to-one' },
  { name: 'stacked, bidirectional', layers: [{ units: 5 }, { units: 4 }], bidirectional: true, topology: 'many-to-one' },
  { name: 'many-to-many, stacked, bidirectional', layers: [{ units: 3 }, { units: 6 }], bidirectional: true, topology: 'many-to-many' },
] as const;

function randomWindows(count: number, seed: number): Float32Array {
  const rand = rng(seed);
  return Float32Array.from({ length: count * dims.lookback * dims.inputFeatures }, () => 2 * rand() - 1);
}

/**
 * Random weights for the output Dense layers and the shortcut (with the shortcut both start at zero,
 * which would make any comparison trivially pass).
 */
function giveOutputWeights(model: tf.LayersModel, seed: number): void {
  model.layers
    .filter((layer) => layer.name.endsWith('dense_out') || layer.name === 'shortcut_dense')
    .forEach((layer, i) => {
      const weights = layer.getWeights().map((w, j) => tf.randomNormal(w.shape, 0, 0.3, 'float32', seed + 10 * i + j));
      layer.setWeights(weights);
      tf.dispose(weights);
    });
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** `fn` with an environment variable set (restored after). */
function withEnv<T>(name: string, value: string, fn: () => T): T {
  const saved = process.env[name];
  process.env[name] = value;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  }
}

/** Today's path: model.predict once per step (another core asked for by name turns the plan off). */
const predictPath = <T>(fn: () => T): T => withEnv('RNN_STUDIO_RECURRENT_CORE', 'fast-unrolled', fn);

/** Largest difference between two rollouts' predictions, relative to the values' size (original units). */
function rolloutDiff(a: Rollout, b: Rollout): number {
  const [x, y] = [a.predicted.flat(), b.predicted.flat()];
  return maxAbsDiff(x, y) / Math.max(1, ...y.map(Math.abs));
}

beforeAll(async () => {
  await initBackend('tensorflow');
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The plan's recurrences run on the addon's kernels, or on TensorFlow's where the addon is switched off. */
const KERNELS = ['rnn-studio-addon', 'tensorflow'] as const;
const withKernels = <T>(kernels: (typeof KERNELS)[number], fn: () => T): T => (kernels === 'tensorflow' ? withEnv('RNN_STUDIO_NATIVE_ADDON', 'off', fn) : fn());

describe('inference plan: one window at a time', () => {
  /** The plan's forecast of 4 random windows equals model.predict's to 1e-5; returns the windows and model.predict's output. */
  function expectPlanMatchesPredict(model: tf.LayersModel, plan: NonNullable<ReturnType<typeof composeInferencePlan>>): { x: Float32Array; old: ReturnType<typeof predictRaw> } {
    const x = randomWindows(4, 3);
    const fast = plan.predict(x, 4, dims.lookback);
    const old = predictRaw(model, x, [4, dims.lookback, dims.inputFeatures]);
    expect(fast.shape).toEqual(old.shape);
    expect(maxAbsDiff(fast.values, old.values)).toBeLessThan(1e-5);
    return { x, old };
  }

  for (const cell of CELLS) {
    for (const ensemble of [1, 3]) {
      for (const shape of SHAPES) {
        for (const kernels of KERNELS) {
          it(`${cell}, ${ensemble === 1 ? 'single network' : `ensemble of ${ensemble}`}, ${shape.name}, ${kernels} kernels: equals model.predict to 1e-5`, () => {
            const model = buildModel(ModelSpec.parse({ cell, layers: shape.layers, bidirectional: shape.bidirectional, topology: shape.topology, ensemble }), dims, 11, fusedNativeCore);
            const plan = withKernels(kernels, () => composeInferencePlan(model));
            expect(plan?.members).toBe(ensemble);
            expect(plan?.kernels).toBe(kernels);
            const { old } = expectPlanMatchesPredict(model, plan!);
            // The outputs are not trivially equal (e.g. all zero).
            expect(Math.max(...old.values.map(Math.abs))).toBeGreaterThan(1e-3);
            plan!.dispose();
            model.dispose();
          });
        }
      }
    }
  }

  for (const cell of CELLS) {
    for (const ensemble of [1, 3]) {
      for (const kernels of KERNELS) {
        it(`${cell}, ${ensemble === 1 ? 'single network' : `ensemble of ${ensemble}`} with the linear shortcut, ${kernels} kernels: adds the window's linear term, equal to model.predict to 1e-5`, () => {
          const model = buildModel(ModelSpec.parse({ cell, layers: [{ units: 5 }], bidirectional: true, linearShortcut: true, ensemble }), dims, 11, fusedNativeCore);
          giveOutputWeights(model, 4);
          const plan = withKernels(kernels, () => composeInferencePlan(model));
          expect(plan?.members).toBe(ensemble);
          const { x, old } = expectPlanMatchesPredict(model, plan!);
          // The shortcut's share is not negligible: without it the output differs.
          model.getLayer('shortcut_dense').setWeights(model.getLayer('shortcut_dense').getWeights().map((w) => tf.zerosLike(w)));
          expect(maxAbsDiff(predictRaw(model, x, [4, dims.lookback, dims.inputFeatures]).values, old.values)).toBeGreaterThan(1e-2);
          plan!.dispose();
          model.dispose();
        });
      }
    }
  }

  it('covers many-to-one and many-to-many: one-to-many and encoder-decoder keep model.predict', () => {
    for (const topology of Topology.options.filter((t) => t !== 'many-to-one' && t !== 'many-to-many')) {
      const model = buildModel(ModelSpec.parse({ cell: 'lstm', layers: [{ units: 3 }], topology, ensemble: 2 }), dims, 1, fusedNativeCore);
      expect(composeInferencePlan(model), topology).toBeUndefined();
      model.dispose();
    }
  });

  it('holds no tensors on the addon, its weights as three tensors on TensorFlow, and frees them all', () => {
    const model = buildModel(ModelSpec.parse({ cell: 'gru', layers: [{ units: 4 }], ensemble: 3 }), dims, 2, fusedNativeCore);
    for (const [kernels, held] of [
      ['rnn-studio-addon', 0],
      ['tensorflow', 3],
    ] as const) {
      const before = tf.memory().numTensors;
      const plan = withKernels(kernels, () => composeInferencePlan(model)!);
      expect(tf.memory().numTensors).toBe(before + held);
      for (let i = 0; i < 5; i++) plan.predict(randomWindows(1, i), 1, dims.lookback);
      expect(tf.memory().numTensors).toBe(before + held);
      plan.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
    model.dispose();
  });
});

describe('rollout through the inference plan', () => {
  // Log + differencing, a known-in-advance feature and a calendar column: every host transform a step undoes.
  const configFor = (cell: CellType, ensemble: number, topology: Topology = 'many-to-one') =>
    tinyConfig({
      series: { target: ['sales'], features: [{ column: 'price', knownInAdvance: true }], calendar: ['month'], transforms: [{ kind: 'log' }, { kind: 'diff' }], split: { val: 12, test: 24 } },
      window: { lookback: 6, horizon: 2 },
      model: { cell, layers: [{ units: 6 }], topology, ensemble },
    });
  const future: FutureFeatures = { price: [7, 7.5, 8, 8.5, 9, 9.5, 10, 10.5, 11, 11.5] };

  async function preparedModel(cell: CellType, ensemble: number): Promise<{ prepared: PreparedSeries; model: tf.LayersModel }> {
    const config = configFor(cell, ensemble);
    const prepared = prepareWith(await monthlyTable(96), config);
    return { prepared, model: modelFor(prepared, config) };
  }

  for (const cell of CELLS) {
    for (const ensemble of [1, 3]) {
      it(`${cell}, ${ensemble === 1 ? 'single network' : `ensemble of ${ensemble}`}: every step equals today's model.predict path to 1e-5`, async () => {
        const { prepared, model } = await preparedModel(cell, ensemble);
        const predict = vi.spyOn(model, 'predict');
        for (const [at, steps] of [
          [prepared.segments.val.start + 2, 9],
          [prepared.rowCount - 1, 10],
        ]) {
          const fast = rollout(model, prepared, at, steps, future);
          expect(predict).not.toHaveBeenCalled();
          const onTensorFlow = withKernels('tensorflow', () => rollout(model, prepared, at, steps, future));
          expect(predict).not.toHaveBeenCalled();
          const old = predictPath(() => rollout(model, prepared, at, steps, future));
          expect(predict).toHaveBeenCalledTimes(Math.ceil(steps / 2));
          predict.mockClear();
          expect(fast.predicted).toHaveLength(steps);
          expect(rolloutDiff(fast, old)).toBeLessThan(1e-5);
          expect(rolloutDiff(onTensorFlow, old)).toBeLessThan(1e-5);
          expect(fast.features).toBe(old.features);
          expect(fast.x).toEqual(old.x);
        }
        model.dispose();
      });
    }
  }

  it('a many-to-one ensemble with the linear shortcut rolls out through the plan, equal to model.predict', async () => {
    const config = tinyConfig({ ...configFor('gru', 2), model: { cell: 'gru', layers: [{ units: 6 }], ensemble: 2, linearShortcut: true } });
    const prepared = prepareWith(await monthlyTable(96), config);
    const model = modelFor(prepared, config);
    giveOutputWeights(model, 8);
    const predict = vi.spyOn(model, 'predict');
    for (const kernels of KERNELS) {
      const fast = withKernels(kernels, () => rollout(model, prepared, prepared.rowCount - 1, 7, future));
      expect(predict).not.toHaveBeenCalled();
      const old = predictPath(() => rollout(model, prepared, prepared.rowCount - 1, 7, future));
      expect(predict).toHaveBeenCalled();
      predict.mockClear();
      expect(rolloutDiff(fast, old)).toBeLessThan(1e-5);
    }
    model.dispose();
  });

  it('a many-to-many ensemble rolls out through the plan, equal to model.predict', async () => {
    const config = configFor('lstm', 2, 'many-to-many');
    const prepared = prepareWith(await monthlyTable(96), config);
    const model = modelFor(prepared, config);
    const predict = vi.spyOn(model, 'predict');
    const fast = rollout(model, prepared, prepared.rowCount - 1, 7, future);
    expect(predict).not.toHaveBeenCalled();
    const old = predictPath(() => rollout(model, prepared, prepared.rowCount - 1, 7, future));
    expect(predict).toHaveBeenCalled();
    expect(rolloutDiff(fast, old)).toBeLessThan(1e-5);
    model.dispose();
  });

  it('keeps the tensor count steady over repeated rollouts', async () => {
    const { prepared, model } = await preparedModel('lstm', 3);
    rollout(model, prepared, prepared.rowCount - 1, 6, future);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) rollout(model, prepared, prepared.rowCount - 1 - i, 6, future);
    expect(tf.memory().numTensors).toBe(before);
    // A failing step (a start row out of range) frees the plan too.
    expect(() => rollout(model, prepared, prepared.rowCount, 6)).toThrow(/out of range/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('without the native addon (TensorFlow ops all the way, model.predict included) forecasts the same', async () => {
    const { prepared, model } = await preparedModel('rnn', 3);
    const at = prepared.rowCount - 1;
    const withAddon = rollout(model, prepared, at, 8, future);
    const withoutAddon = withKernels('tensorflow', () => rollout(model, prepared, at, 8, future));
    const old = predictPath(() => withKernels('tensorflow', () => rollout(model, prepared, at, 8, future)));
    expect(rolloutDiff(withoutAddon, withAddon)).toBeLessThan(1e-5);
    expect(rolloutDiff(withoutAddon, old)).toBeLessThan(1e-5);
    model.dispose();
  });

  it('is only used on the fused core: another core asked for by name keeps model.predict', async () => {
    const { model } = await preparedModel('gru', 2);
    const plan = fusedInferencePlan(model);
    expect(plan?.members).toBe(2);
    plan?.dispose();
    expect(predictPath(() => fusedInferencePlan(model))).toBeUndefined();
    model.dispose();
  });
});
