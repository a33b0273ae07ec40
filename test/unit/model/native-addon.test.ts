/**
 * RNN Studio's native addon (native/): the SimpleRNN and GRU recurrences forward and backward through
 * time in one call per layer direction, and LSTM and GRU forward passes (inference). It must be built here (postinstall builds it), compute what the
 * unrolled core computes for any shape (including units and features that are not multiples of its
 * register tiles), refuse mismatched arrays with a clear error, keep no memory between calls, and leave
 * the tfjs tensor count unchanged across epochs. With the addon switched off the fused core runs
 * SimpleRNN on TensorFlow ops and GRU on GRUBlockCell, equally exact, and says so.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { buildModel, fusedNativeCore, nativeAddonStatus, recurrentKernelRunning } from '../../../src-main/engine/model';
import { fusedRecurrence } from '../../../src-main/engine/model/fused-recurrence';
import { nativeAddon, type NativeAddon } from '../../../src-main/engine/model/native-addon';
import { unrolledRecurrence, type RecurrenceMasks } from '../../../src-main/engine/model/unrolled-recurrence';
import { ModelSpec, TrainSpec } from '../../../src-main/engine/spec';
import { TrainingJob } from '../../../src-main/engine/train';
import { sineSplits } from '../train/sine-windows';

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

interface Case {
  batch: number;
  steps: number;
  features: number;
  units: number;
  mask: boolean;
  returnSequences: boolean;
}

/** Output and the gradients of a weighted sum of it w.r.t. x, W, U, b, for one recurrence. */
function outputAndGrads(recurrence: typeof fusedRecurrence, cell: 'rnn' | 'gru', c: Case, seed: number) {
  const gates = cell === 'gru' ? 3 : 1;
  return tf.tidy(() => {
    const x = tf.randomNormal([c.batch, c.steps, c.features], 0, 1, 'float32', seed);
    const W = tf.randomNormal([c.features, gates * c.units], 0, 0.4, 'float32', seed + 1);
    const U = tf.randomNormal([c.units, gates * c.units], 0, 0.4, 'float32', seed + 2);
    const b = tf.randomNormal([gates * c.units], 0, 0.2, 'float32', seed + 3);
    const masks: RecurrenceMasks = c.mask ? { recurrent: tf.div(tf.cast(tf.greater(tf.randomUniform([c.batch, c.units], 0, 1, 'float32', seed + 4), 0.3), 'float32'), 0.7) } : {};
    const outShape = c.returnSequences ? [c.batch, c.steps, c.units] : [c.batch, c.units];
    // Output weights of a loss's size, so gradients are of the size training sees (the tolerance is absolute).
    const weights = tf.randomNormal(outShape, 0, 0.1, 'float32', seed + 5);
    const f = (xi: tf.Tensor, Wi: tf.Tensor, Ui: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(recurrence(cell, xi, Wi, Ui, bi, masks, c.returnSequences), weights));
    const grads = tf.grads(f)([x, W, U, b]);
    return { out: recurrence(cell, x, W, U, b, masks, c.returnSequences), grads };
  });
}

function withAddonOff<T>(body: () => T): T {
  const saved = process.env.RNN_STUDIO_NATIVE_ADDON;
  process.env.RNN_STUDIO_NATIVE_ADDON = 'off';
  try {
    return body();
  } finally {
    if (saved === undefined) delete process.env.RNN_STUDIO_NATIVE_ADDON;
    else process.env.RNN_STUDIO_NATIVE_ADDON = saved;
  }
}

describe('native SimpleRNN and GRU addon', () => {
  beforeAll(async () => {
    await initBackend('tensorflow');
  });

  it('is built and loaded, and the fused core runs SimpleRNN and GRU on it', () => {
    const status = nativeAddonStatus();
    expect(status, JSON.stringify(status)).toMatchObject({ loaded: true });
    // This build has the inference kernels too (an older build lacks them: `npm run build:native`).
    expect(typeof nativeAddon()?.lstmForward).toBe('function');
    expect(typeof nativeAddon()?.gruForward).toBe('function');
    expect(typeof nativeAddon()?.gruTrainForward).toBe('function');
    expect(typeof nativeAddon()?.gruBackward).toBe('function');
    expect(recurrentKernelRunning('tensorflow-fused', 'rnn')).toBe('rnn-studio-addon');
    expect(recurrentKernelRunning('tensorflow-fused', 'gru')).toBe('rnn-studio-addon');
    expect(recurrentKernelRunning('tensorflow-fused', 'lstm')).toBeUndefined();
    expect(recurrentKernelRunning('fast-unrolled', 'rnn')).toBeUndefined();
    expect(recurrentKernelRunning('fast-unrolled', 'gru')).toBeUndefined();
    withAddonOff(() => expect(recurrentKernelRunning('tensorflow-fused', 'gru')).toBe('tensorflow-ops'));
  });

  const cases: Case[] = [
    { batch: 5, steps: 9, features: 3, units: 21, mask: false, returnSequences: false },
    { batch: 6, steps: 4, features: 17, units: 32, mask: true, returnSequences: true },
    { batch: 9, steps: 1, features: 1, units: 16, mask: true, returnSequences: false },
    { batch: 3, steps: 12, features: 40, units: 7, mask: false, returnSequences: true },
    // Wide enough for the AVX-512 tiles (8 rows × 32 columns) with edges left for the portable kernel.
    { batch: 10, steps: 5, features: 33, units: 40, mask: true, returnSequences: false },
    { batch: 16, steps: 6, features: 2, units: 64, mask: false, returnSequences: true },
  ];
  for (const [cell, c] of (['rnn', 'gru'] as const).flatMap((cell) => cases.map((c) => [cell, c] as const))) {
    const label = `${cell === 'rnn' ? 'SimpleRNN' : 'GRU'}: batch ${c.batch}, ${c.steps} steps, ${c.features} features, ${c.units} units${c.mask ? ', recurrent dropout mask' : ''}${c.returnSequences ? ', every step' : ', last step'}`;
    it(`equals the unrolled recurrence, with the addon and without it: ${label}`, () => {
      const reference = outputAndGrads(unrolledRecurrence, cell, c, 31);
      const addon = outputAndGrads(fusedRecurrence, cell, c, 31);
      const tensorflowOps = withAddonOff(() => outputAndGrads(fusedRecurrence, cell, c, 31));
      for (const [name, got] of [['addon', addon], ['tensorflow ops', tensorflowOps]] as const) {
        expect(maxAbsDiff(got.out, reference.out), `${name} output`).toBeLessThan(1e-5);
        got.grads.forEach((g, i) => expect(maxAbsDiff(g, reference.grads[i]), `${name} gradient ${['x', 'W', 'U', 'b'][i]}`).toBeLessThan(1e-4));
      }
      // (U's gradient is zero for one-step windows: the state before the first step is zero.)
      reference.grads.forEach((g, i) => {
        if (c.steps > 1 || i !== 2) expect(maxAbsDiff(g, tf.zerosLike(g)), `gradient ${i} is not trivially zero`).toBeGreaterThan(0);
      });
      tf.dispose([reference, addon, tensorflowOps].flatMap((r) => [r.out, ...r.grads]));
    });
  }

  it('refuses arrays that do not match the dimensions, naming the array', () => {
    const addon = nativeAddon() as NativeAddon;
    const [B, T, F, H] = [2, 3, 1, 4];
    const ok = { x: new Float32Array(B * T * F), W: new Float32Array(F * H), U: new Float32Array(H * H), b: new Float32Array(H), h: new Float32Array(B * T * H) };
    expect(() => addon.simpleRnnForward(B, T, F, H, ok.x, ok.W, new Float32Array(H * H - 1), ok.b, null, ok.h)).toThrow('U has 15 elements, expected 16');
    expect(() => addon.simpleRnnForward(B, T, F, H, ok.x, ok.W, ok.U, ok.b, new Float32Array(3), ok.h)).toThrow('mask has 3 elements, expected 8');
    expect(() => addon.simpleRnnForward(B, T, F, H, ok.x, ok.W, ok.U, new Float64Array(H) as unknown as Float32Array, null, ok.h)).toThrow('bias must be a Float32Array');
    expect(() => addon.simpleRnnForward(-1, T, F, H, ok.x, ok.W, ok.U, ok.b, null, ok.h)).toThrow('batch must be a non-negative integer');
    const dy = new Float32Array(B * H);
    const grads = [new Float32Array(B * T * F), new Float32Array(F * H), new Float32Array(H * H), new Float32Array(H)] as const;
    // returnSequences says dy covers every step: a last-step-only dy is the wrong size.
    expect(() => addon.simpleRnnBackward(B, T, F, H, ok.x, ok.W, ok.U, null, ok.h, dy, true, ...grads)).toThrow('dy has 8 elements, expected 24');
    addon.simpleRnnForward(B, T, F, H, ok.x, ok.W, ok.U, ok.b, null, ok.h);
    addon.simpleRnnBackward(B, T, F, H, ok.x, ok.W, ok.U, null, ok.h, dy, false, ...grads);
  });

  it('refuses GRU training arrays that do not match the dimensions, naming the array', () => {
    const addon = nativeAddon() as NativeAddon;
    const [B, T, F, H] = [2, 3, 1, 4];
    const ok = { x: new Float32Array(B * T * F), W: new Float32Array(F * 3 * H), U: new Float32Array(H * 3 * H), b: new Float32Array(3 * H), h: new Float32Array(B * T * H), gates: new Float32Array(B * T * 3 * H) };
    const forward = addon.gruTrainForward?.bind(addon) as NonNullable<NativeAddon['gruTrainForward']>;
    const backward = addon.gruBackward?.bind(addon) as NonNullable<NativeAddon['gruBackward']>;
    expect(() => forward(B, T, F, H, ok.x, ok.W, new Float32Array(H * H), ok.b, null, ok.h, ok.gates)).toThrow('U has 16 elements, expected 48');
    expect(() => forward(B, T, F, H, ok.x, ok.W, ok.U, new Float32Array(H), null, ok.h, ok.gates)).toThrow('bias has 4 elements, expected 12');
    expect(() => forward(B, T, F, H, ok.x, ok.W, ok.U, ok.b, new Float32Array(3), ok.h, ok.gates)).toThrow('mask has 3 elements, expected 8');
    expect(() => forward(B, T, F, H, ok.x, ok.W, ok.U, ok.b, null, ok.h, new Float32Array(B * T * H))).toThrow('gates has 24 elements, expected 72');
    expect(() => (forward as unknown as (...args: unknown[]) => void)(B, T, F, H, ok.x, ok.W, ok.U, ok.b, null, ok.h)).toThrow('gruTrainForward takes 11 arguments');
    const dy = new Float32Array(B * H);
    const grads = [new Float32Array(B * T * F), new Float32Array(F * 3 * H), new Float32Array(H * 3 * H), new Float32Array(3 * H)] as const;
    // returnSequences says dy covers every step: a last-step-only dy is the wrong size.
    expect(() => backward(B, T, F, H, ok.x, ok.W, ok.U, null, ok.h, ok.gates, dy, true, ...grads)).toThrow('dy has 8 elements, expected 24');
    expect(() => backward(B, T, F, H, ok.x, ok.W, ok.U, null, ok.h, ok.gates, dy, false, grads[0], grads[1], new Float32Array(H * H), grads[3])).toThrow('dU has 16 elements, expected 48');
    forward(B, T, F, H, ok.x, ok.W, ok.U, ok.b, null, ok.h, ok.gates);
    backward(B, T, F, H, ok.x, ok.W, ok.U, null, ok.h, ok.gates, dy, false, ...grads);
  });

  // The LSTM and GRU forward kernels (inference only; the inference plan runs them).
  const gatedCases = [
    { batch: 3, steps: 5, features: 2, units: 19 },
    { batch: 1, steps: 24, features: 1, units: 160 },
    { batch: 9, steps: 1, features: 33, units: 40 },
  ];
  for (const cell of ['lstm', 'gru'] as const) {
    for (const c of gatedCases) {
      it(`${cell} forward equals the unrolled recurrence: batch ${c.batch}, ${c.steps} steps, ${c.features} features, ${c.units} units`, () => {
        const addon = nativeAddon() as NativeAddon;
        const gates = cell === 'lstm' ? 4 : 3;
        const rand = (n: number, seed: number, scale: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * scale);
        const [x, W, U, b] = [rand(c.batch * c.steps * c.features, 1, 1.5), rand(c.features * gates * c.units, 2, 0.6), rand(c.units * gates * c.units, 3, 0.3), rand(gates * c.units, 4, 0.5)];
        const h = new Float32Array(c.batch * c.steps * c.units);
        const forward = cell === 'lstm' ? addon.lstmForward : addon.gruForward;
        forward?.call(addon, c.batch, c.steps, c.features, c.units, 1, x, W, U, b, h);
        const reference = tf.tidy(() =>
          unrolledRecurrence(cell, tf.tensor3d(x, [c.batch, c.steps, c.features]), tf.tensor2d(W, [c.features, gates * c.units]), tf.tensor2d(U, [c.units, gates * c.units]), tf.tensor1d(b), {}, true).dataSync(),
        );
        let diff = 0;
        reference.forEach((v, i) => (diff = Math.max(diff, Math.abs(v - h[i]))));
        expect(diff).toBeLessThan(1e-5);
        expect(Math.max(...reference.map(Math.abs))).toBeGreaterThan(0.1);
      });
    }
  }

  it('refuses LSTM and GRU arrays that do not match the dimensions, naming the array', () => {
    const addon = nativeAddon() as NativeAddon;
    const [B, T, F, H] = [2, 3, 1, 4];
    const h = new Float32Array(B * T * H);
    const x = new Float32Array(B * T * F);
    expect(() => addon.lstmForward?.(B, T, F, H, 1, x, new Float32Array(F * 4 * H), new Float32Array(H * 3 * H), new Float32Array(4 * H), h)).toThrow('U has 48 elements, expected 64');
    expect(() => addon.gruForward?.(B, T, F, H, 2, x, new Float32Array(F * 3 * H), new Float32Array(H * 3 * H), new Float32Array(4 * H), h)).toThrow('bias has 16 elements, expected 12');
    expect(() => addon.gruForward?.(B, T, F, H, 1, x, new Float32Array(F * 3 * H), new Float32Array(H * 3 * H), new Float32Array(3 * H), new Float32Array(1))).toThrow('h has 1 elements, expected 24');
    expect(() => addon.lstmForward?.(B, T, F, -2, 1, x, x, x, x, h)).toThrow('units must be a non-negative integer');
    expect(() => addon.lstmForward?.(B, T, F, H, 3, x, x, x, x, h)).toThrow('blocks must be a positive divisor of units (4), got 3');
  });

  it('keeps no memory across many calls', () => {
    const addon = nativeAddon() as NativeAddon;
    const [B, T, F, H] = [64, 48, 1, 64];
    const fill = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 0.1);
    const [x, W, U, b, mask, dy] = [fill(B * T * F), fill(F * H), fill(H * H), fill(H), fill(B * H), fill(B * H)];
    const h = new Float32Array(B * T * H);
    const [dx, dW, dU, db] = [new Float32Array(B * T * F), new Float32Array(F * H), new Float32Array(H * H), new Float32Array(H)];
    const round = (n: number) => {
      for (let i = 0; i < n; i++) {
        addon.simpleRnnForward(B, T, F, H, x, W, U, b, mask, h);
        addon.simpleRnnBackward(B, T, F, H, x, W, U, mask, h, dy, false, dx, dW, dU, db);
      }
    };
    round(100);
    const before = process.memoryUsage().rss;
    // Each backward call works in ~1 MB of scratch memory: a leak would add most of a gigabyte here.
    round(800);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 2 ** 20);
    expect(dU.every(Number.isFinite)).toBe(true);
  }, 120_000);

  it('keeps no memory across many GRU training calls', () => {
    const addon = nativeAddon() as NativeAddon;
    const [B, T, F, H] = [64, 48, 1, 64];
    const fill = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 0.1);
    const [x, W, U, b, mask, dy] = [fill(B * T * F), fill(F * 3 * H), fill(H * 3 * H), fill(3 * H), fill(B * H), fill(B * H)];
    const [h, gates] = [new Float32Array(B * T * H), new Float32Array(B * T * 3 * H)];
    const [dx, dW, dU, db] = [new Float32Array(B * T * F), new Float32Array(F * 3 * H), new Float32Array(H * 3 * H), new Float32Array(3 * H)];
    const round = (n: number) => {
      for (let i = 0; i < n; i++) {
        addon.gruTrainForward?.(B, T, F, H, x, W, U, b, mask, h, gates);
        addon.gruBackward?.(B, T, F, H, x, W, U, mask, h, gates, dy, false, dx, dW, dU, db);
      }
    };
    round(50);
    const before = process.memoryUsage().rss;
    // Each backward call works in ~2.5 MB of scratch memory: a leak would add most of a gigabyte here.
    round(300);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 2 ** 20);
    expect(dU.every(Number.isFinite)).toBe(true);
    expect(dU.some((v) => v !== 0)).toBe(true);
  }, 120_000);

  for (const cell of ['rnn', 'gru'] as const) {
  it(`trains a stacked bidirectional ${cell === 'rnn' ? 'SimpleRNN' : 'GRU'} with dropout for epochs on it with a steady tensor count`, async () => {
    const spec = ModelSpec.parse({ cell, bidirectional: true, layers: [{ units: 6 }, { units: 4 }], dropout: 0.1, recurrentDropout: 0.2 });
    const model = buildModel(spec, { lookback: 8, horizon: 1, inputFeatures: 1, targets: 1 }, 3, fusedNativeCore);
    const { train, val } = sineSplits({ points: 120, lookback: 8, horizon: 1, topology: 'many-to-one' });
    const tensorsAtEpochEnd: number[] = [];
    try {
      const result = await new TrainingJob({
        model,
        spec: TrainSpec.parse({ epochs: 4, batchSize: 16, earlyStopping: null }),
        train,
        val,
        onEvent: (e) => e.type === 'epoch' && tensorsAtEpochEnd.push(tf.memory().numTensors),
      }).run();
      expect(result.status, result.message).toMatch(/^(completed|no_improvement)$/);
      expect(tensorsAtEpochEnd).toHaveLength(4);
      expect(new Set(tensorsAtEpochEnd).size, tensorsAtEpochEnd.join(', ')).toBe(1);
    } finally {
      model.dispose();
    }
  });
  }
});
