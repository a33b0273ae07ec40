/**
 * The recurrence over a whole window on TensorFlow's own fused kernels (native backend only), each
 * wrapped in one tf.customGrad so tfjs records a single tape node per layer direction instead of a
 * dozen per time step:
 *   - LSTM: `BlockLSTMV2` / `BlockLSTMGradV2` run the whole sequence in one op each way. V2 takes
 *     w = [kernel; recurrent_kernel] and the bias in tfjs/Keras's i, f, c, o order, adds no forget
 *     bias, and cell_clip 0 leaves the cell state unclipped — the tfjs LSTM exactly.
 *   - SimpleRNN and GRU: RNN Studio's addon (`addonSequence`, below) runs the whole window in one call
 *     each way; the TensorFlow paths that follow are their fallbacks without the addon.
 *   - GRU: `GRUBlockCell` / `GRUBlockCellGrad`, one op per step each way. It applies the reset gate
 *     before the recurrent matmul (c = tanh([x, r⊙h]·w_c + b_c)), as tfjs's GRU does; only the gate
 *     order differs (r, u here; z, r in tfjs), so weights are regrouped on the way in and gradients on
 *     the way out. Weight gradients are one matmul over all steps, after the loop.
 *   - SimpleRNN: no fused kernel exists; the input projection is one matmul over all steps and each
 *     step is matmul + add + tanh forward, TanhGrad + matmul (+ add) backward, with the weight
 *     gradients again one matmul over all steps. (A GRUBlockCell with saturated gates computes the
 *     same step in one op, but its Eigen matmuls measured 1.3–4× slower than these three ops.)
 * Recurrent dropout (a mask on h between steps) is applied between GRU/RNN steps exactly as tfjs does;
 * BlockLSTMV2 cannot take a per-step mask, so an LSTM with recurrent dropout runs the unrolled path
 * (see `fusedCoreCovers` in the spec layer).
 *
 * Same signature and results as `unrolledRecurrence`; weights stay in the stock tfjs layout.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedCoreCovers, type CellType } from '../spec';
import { unrolledRecurrence, type RecurrenceMasks } from './unrolled-recurrence';
import { attr, Int64Input, isNativeBackendActive, runNativeOp } from './native-ops';
import { nativeAddon, type NativeAddon } from './native-addon';


const timeMajor = (x: tf.Tensor): tf.Tensor => tf.transpose(x, [1, 0, 2]);

/** [steps, batch, units] → the layer's output: every step batch-major, or the last step. */
function layerOutput(hSeq: tf.Tensor, returnSequences: boolean): tf.Tensor {
  const [steps, batch, units] = hSeq.shape as [number, number, number];
  return returnSequences ? timeMajor(hSeq) : tf.reshape(tf.slice(hSeq, [steps - 1, 0, 0], [1, batch, units]), [batch, units]);
}

/** The incoming gradient as [steps, batch, units] (zero except the last step when only it was returned). */
function sequenceGradient(dy: tf.Tensor, steps: number, returnSequences: boolean): tf.Tensor {
  return returnSequences ? timeMajor(dy) : tf.pad(tf.expandDims(dy, 0), [[steps - 1, 0], [0, 0], [0, 0]]);
}

/** Σ_t aᵀ_t·b_t over time-major [steps, batch, m] and [steps, batch, n]: one [m, n] matmul. */
function sumOverSteps(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const [steps, batch, m] = a.shape as [number, number, number];
  return tf.matMul(tf.reshape(a, [steps * batch, m]), tf.reshape(b, [steps * batch, b.shape[2] as number]), true, false);
}

const sumRows = (t: tf.Tensor): tf.Tensor => tf.sum(tf.reshape(t, [-1, t.shape[t.shape.length - 1]]), 0);

function lstmSequence(x: tf.Tensor, W: tf.Tensor, U: tf.Tensor, b: tf.Tensor, returnSequences: boolean): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xIn, kernel, recurrentKernel, bias] = args as tf.Tensor[];
    const save = args[4] as tf.GradSaveFunc;
    const [batch, steps, features] = xIn.shape as [number, number, number];
    const units = recurrentKernel.shape[0];
    const xT = timeMajor(xIn);
    const w = tf.concat([kernel, recurrentKernel], 0);
    const state0 = tf.zeros([batch, units]);
    const noPeephole = tf.zeros([units]);
    const attrs = () => [attr.float('cell_clip', 0), attr.bool('use_peephole', false), attr.float32('T')];
    const inputs = [new Int64Input(steps), xT, state0, state0, w, noPeephole, noPeephole, noPeephole, bias];
    const activations = runNativeOp('BlockLSTMV2', attrs(), inputs, 7); // i, cs, f, o, ci, co, h
    save([xT, w, bias, state0, noPeephole, ...activations]);
    return {
      value: layerOutput(activations[6], returnSequences),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sxT, sw, sb, sState0, sPeep, ...acts] = saved;
        const hGrad = sequenceGradient(dy, steps, returnSequences);
        const csGrad = tf.zerosLike(hGrad);
        const gradAttrs = [attr.bool('use_peephole', false), attr.float32('T')];
        const grads = runNativeOp('BlockLSTMGradV2', gradAttrs, [new Int64Input(steps), sxT, sState0, sState0, sw, sPeep, sPeep, sPeep, sb, ...acts, csGrad, hGrad], 8);
        const [xGrad, , , wGrad, , , , bGrad] = grads;
        return [timeMajor(xGrad), tf.slice(wGrad, [0, 0], [features, 4 * units]), tf.slice(wGrad, [features, 0], [units, 4 * units]), bGrad];
      },
    };
  });
  return op(x, W, U, b);
}

/** tfjs's [z | r | h] column blocks → GRUBlockCell's w_ru = [r | u(=z)] and w_c = h. */
function gruBlocks(t: tf.Tensor, units: number): { ru: tf.Tensor; c: tf.Tensor } {
  const [z, r, h] = tf.split(t, [units, units, units], -1);
  return { ru: tf.concat([r, z], -1), c: h };
}

/** GRUBlockCell's [r | u] gradient blocks + the candidate's → tfjs's [z | r | h]. */
function tfjsGruGradient(ru: tf.Tensor, c: tf.Tensor, units: number): tf.Tensor {
  const [r, z] = tf.split(ru, [units, units], -1);
  return tf.concat([z, r, c], -1);
}

/** A recurrence's customGrad arguments: x, kernel, recurrent kernel, bias, [mask,] save; and their sizes. */
function sequenceArgs(args: (tf.Tensor | tf.GradSaveFunc)[]) {
  const [xIn, kernel, recurrentKernel, bias, maskIn] = args as tf.Tensor[];
  const save = args[args.length - 1] as tf.GradSaveFunc;
  const [batch, steps, features] = xIn.shape as [number, number, number];
  return { xIn, kernel, recurrentKernel, bias, maskIn, save, batch, steps, features, units: recurrentKernel.shape[0] };
}

function gruSequence(x: tf.Tensor, W: tf.Tensor, U: tf.Tensor, b: tf.Tensor, mask: tf.Tensor | undefined, returnSequences: boolean): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const { xIn, kernel, recurrentKernel, bias, maskIn, save, batch, steps, features, units } = sequenceArgs(args);
    const useMask = mask !== undefined;
    const xT = timeMajor(xIn);
    const xs = tf.unstack(xT);
    const wk = gruBlocks(kernel, units);
    const wr = gruBlocks(recurrentKernel, units);
    const wb = gruBlocks(bias, units);
    const wRu = tf.concat([wk.ru, wr.ru], 0);
    const wC = tf.concat([wk.c, wr.c], 0);
    const attrs = [attr.float32('T')];
    let h: tf.Tensor = tf.zeros([batch, units]);
    const hIns: tf.Tensor[] = [];
    const rs: tf.Tensor[] = [];
    const us: tf.Tensor[] = [];
    const cs: tf.Tensor[] = [];
    const hs: tf.Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      // As tfjs: the masked previous state is both the recurrent input and the carried state.
      const hIn = useMask ? tf.mul(h, maskIn) : h;
      const [r, u, c, hNext] = runNativeOp('GRUBlockCell', attrs, [xs[t], hIn, wRu, wC, wb.ru, wb.c], 4);
      hIns.push(hIn);
      rs.push(r);
      us.push(u);
      cs.push(c);
      hs.push(hNext);
      h = hNext;
    }
    save([xT, wRu, wC, wb.ru, wb.c, ...(useMask ? [maskIn] : []), ...hIns, ...rs, ...us, ...cs]);
    return {
      value: returnSequences ? tf.stack(hs, 1) : h,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sxT, sRu, sC, sbRu, sbC] = saved;
        const sMask = useMask ? saved[5] : undefined;
        const rest = saved.slice(useMask ? 6 : 5);
        const [sh, sr, su, sc] = [0, 1, 2, 3].map((k) => rest.slice(k * steps, (k + 1) * steps));
        const sxs = tf.unstack(sxT);
        const dOut = returnSequences ? tf.unstack(dy, 1) : undefined;
        let carry: tf.Tensor | undefined = returnSequences ? undefined : dy;
        const dxs: tf.Tensor[] = new Array(steps);
        const dC: tf.Tensor[] = new Array(steps);
        const dRu: tf.Tensor[] = new Array(steps);
        for (let t = steps - 1; t >= 0; t--) {
          const dh = dOut ? (carry ? tf.add(dOut[t], carry) : dOut[t]) : (carry as tf.Tensor);
          const [dx, dhPrev, dc, dru] = runNativeOp('GRUBlockCellGrad', attrs, [sxs[t], sh[t], sRu, sC, sbRu, sbC, sr[t], su[t], sc[t], dh], 4);
          dxs[t] = dx;
          dC[t] = dc;
          dRu[t] = dru;
          carry = sMask ? tf.mul(dhPrev, sMask) : dhPrev;
        }
        const hSeq = tf.stack(sh);
        const dRuSeq = tf.stack(dRu);
        const dCSeq = tf.stack(dC);
        const dWRu = sumOverSteps(tf.concat([sxT, hSeq], 2), dRuSeq);
        const dWC = sumOverSteps(tf.concat([sxT, tf.mul(hSeq, tf.stack(sr))], 2), dCSeq);
        const rowsOf = (m: tf.Tensor, start: number, size: number) => tf.slice(m, [start, 0], [size, m.shape[1] as number]);
        const grads = [
          tf.stack(dxs, 1),
          tfjsGruGradient(rowsOf(dWRu, 0, features), rowsOf(dWC, 0, features), units),
          tfjsGruGradient(rowsOf(dWRu, features, units), rowsOf(dWC, features, units), units),
          tfjsGruGradient(sumRows(dRuSeq), sumRows(dCSeq), units),
        ];
        return useMask ? [...grads, tf.zerosLike(sMask as tf.Tensor)] : grads;
      },
    };
  });
  return useMaskArgs(op, [x, W, U, b], mask);
}

function rnnSequence(x: tf.Tensor, W: tf.Tensor, U: tf.Tensor, b: tf.Tensor, mask: tf.Tensor | undefined, returnSequences: boolean): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const { xIn, kernel, recurrentKernel, bias, maskIn, save, batch, steps, features, units } = sequenceArgs(args);
    const useMask = mask !== undefined;
    const xT = timeMajor(xIn);
    const projected = tf.unstack(tf.reshape(tf.add(tf.matMul(tf.reshape(xT, [steps * batch, features]), kernel), bias), [steps, batch, units]));
    let h: tf.Tensor = tf.zeros([batch, units]);
    const hIns: tf.Tensor[] = [];
    const hs: tf.Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      const hIn = useMask ? tf.mul(h, maskIn) : h;
      h = tf.tanh(tf.add(projected[t], tf.matMul(hIn, recurrentKernel)));
      hIns.push(hIn);
      hs.push(h);
    }
    save([xT, kernel, recurrentKernel, ...(useMask ? [maskIn] : []), ...hIns, ...hs]);
    return {
      value: returnSequences ? tf.stack(hs, 1) : h,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sxT, sW, sU] = saved;
        const sMask = useMask ? saved[3] : undefined;
        const rest = saved.slice(useMask ? 4 : 3);
        const [sIn, sOut] = [rest.slice(0, steps), rest.slice(steps)];
        const dOut = returnSequences ? tf.unstack(dy, 1) : undefined;
        let carry: tf.Tensor | undefined = returnSequences ? undefined : dy;
        const dZ: tf.Tensor[] = new Array(steps);
        const tanhAttrs = [attr.float32('T')];
        for (let t = steps - 1; t >= 0; t--) {
          const dh = dOut ? (carry ? tf.add(dOut[t], carry) : dOut[t]) : (carry as tf.Tensor);
          dZ[t] = runNativeOp('TanhGrad', tanhAttrs, [sOut[t], dh], 1)[0];
          if (t > 0) {
            const dhIn = tf.matMul(dZ[t], sU, false, true);
            carry = sMask ? tf.mul(dhIn, sMask) : dhIn;
          }
        }
        const dZSeq = tf.stack(dZ);
        const dx = tf.reshape(tf.matMul(tf.reshape(dZSeq, [steps * batch, units]), sW, false, true), [steps, batch, features]);
        const grads = [timeMajor(dx), sumOverSteps(sxT, dZSeq), sumOverSteps(tf.stack(sIn), dZSeq), sumRows(dZSeq)];
        return useMask ? [...grads, tf.zerosLike(sMask as tf.Tensor)] : grads;
      },
    };
  });
  return useMaskArgs(op, [x, W, U, b], mask);
}

const floats = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;

/**
 * Reused buffers for the hidden states (and a GRU's gates) of a window (~0.8 MB of states a batch on the
 * reference config):
 * a fresh one per batch made V8 run a full mark-compact every ~15 batches.
 */
const hiddenStates = {
  free: [] as Float32Array[],
  take(size: number): Float32Array {
    const at = this.free.findIndex((b) => b.length === size);
    return at >= 0 ? this.free.splice(at, 1)[0] : new Float32Array(size);
  },
  giveBack(buffer: Float32Array): void {
    if (this.free.length < 8) this.free.push(buffer);
  },
};

/** h [batch, steps, units] → the last step [batch, units]. */
function lastStep(h: Float32Array, batch: number, steps: number, units: number): Float32Array {
  const last = new Float32Array(batch * units);
  for (let b = 0; b < batch; b++) last.set(h.subarray((b * steps + steps - 1) * units, (b * steps + steps) * units), b * units);
  return last;
}

/** One layer direction's recurrence in the addon: forward keeping what the backward needs, backward through time. */
interface AddonKernel {
  /** Gate blocks per weight matrix (W is [features, gates·units]). */
  gates: number;
  /** Floats per [batch, steps] position that the forward saves for the backward besides h (0: none). */
  savedPerStep(units: number): number;
  forward(dims: number[], x: Float32Array, W: Float32Array, U: Float32Array, bias: Float32Array, mask: Float32Array | null, h: Float32Array, saved: Float32Array): void;
  backward(dims: number[], x: Float32Array, W: Float32Array, U: Float32Array, mask: Float32Array | null, h: Float32Array, saved: Float32Array, dy: Float32Array, returnSequences: boolean, grads: Float32Array[]): void;
}

const NOTHING_SAVED = new Float32Array(0);

function simpleRnnAddonKernel(addon: NativeAddon): AddonKernel {
  return {
    gates: 1,
    savedPerStep: () => 0,
    forward: ([B, T, F, H], x, W, U, bias, mask, h) => addon.simpleRnnForward(B, T, F, H, x, W, U, bias, mask, h),
    backward: ([B, T, F, H], x, W, U, mask, h, _saved, dy, returnSequences, [dx, dW, dU, db]) => addon.simpleRnnBackward(B, T, F, H, x, W, U, mask, h, dy, returnSequences, dx, dW, dU, db),
  };
}

/** The GRU kernels, when this build of the addon has them (an older build lacks them: `npm run build:native`). */
function gruAddonKernel(addon: NativeAddon): AddonKernel | undefined {
  const { gruTrainForward, gruBackward } = addon;
  if (!gruTrainForward || !gruBackward) return undefined;
  return {
    gates: 3,
    // z, r and the candidate's activations.
    savedPerStep: (units) => 3 * units,
    forward: ([B, T, F, H], x, W, U, bias, mask, h, gates) => gruTrainForward.call(addon, B, T, F, H, x, W, U, bias, mask, h, gates),
    backward: ([B, T, F, H], x, W, U, mask, h, gates, dy, returnSequences, [dx, dW, dU, db]) =>
      gruBackward.call(addon, B, T, F, H, x, W, U, mask, h, gates, dy, returnSequences, dx, dW, dU, db),
  };
}

/**
 * A SimpleRNN or GRU through RNN Studio's addon: the whole recurrence forward, and backward through time
 * with the weight gradients, in one native call each; tensors cross as Float32Array copies (a few MB a
 * batch at most on the reference config).
 */
function addonSequence(kernel: AddonKernel, x: tf.Tensor, W: tf.Tensor, U: tf.Tensor, b: tf.Tensor, mask: tf.Tensor | undefined, returnSequences: boolean): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xIn, kernelIn, recurrentKernel, bias, maskIn] = args as tf.Tensor[];
    const [batch, steps, features] = xIn.shape as [number, number, number];
    const units = recurrentKernel.shape[0];
    const dims = [batch, steps, features, units];
    const [xData, wData, uData] = [floats(xIn), floats(kernelIn), floats(recurrentKernel)];
    const maskData = mask ? floats(maskIn) : null;
    // Training keeps every step's state for the backward pass, which hands the buffers back; a forward
    // pass without gradients hands them back at once.
    const recording = tf.engine().state.gradientDepth > 0;
    const h = hiddenStates.take(batch * steps * units);
    const savedSize = batch * steps * kernel.savedPerStep(units);
    const saved = savedSize > 0 ? hiddenStates.take(savedSize) : NOTHING_SAVED;
    kernel.forward(dims, xData, wData, uData, floats(bias), maskData, h, saved);
    // A tensor keeps the array it is made from: a sequence output gets its own copy while h is in use.
    const value = returnSequences ? tf.tensor3d(recording ? h.slice() : h, [batch, steps, units]) : tf.tensor2d(lastStep(h, batch, steps, units), [batch, units]);
    if (!recording) {
      if (!returnSequences) hiddenStates.giveBack(h);
      if (saved !== NOTHING_SAVED) hiddenStates.giveBack(saved);
    }
    return {
      value,
      gradFunc: (dy: tf.Tensor) => {
        const gateUnits = kernel.gates * units;
        const grads = [new Float32Array(batch * steps * features), new Float32Array(features * gateUnits), new Float32Array(units * gateUnits), new Float32Array(gateUnits)];
        kernel.backward(dims, xData, wData, uData, maskData, h, saved, floats(dy), returnSequences, grads);
        hiddenStates.giveBack(h);
        if (saved !== NOTHING_SAVED) hiddenStates.giveBack(saved);
        const [dx, dW, dU, db] = grads;
        const tensors = [tf.tensor3d(dx, [batch, steps, features]), tf.tensor2d(dW, [features, gateUnits]), tf.tensor2d(dU, [units, gateUnits]), tf.tensor1d(db)];
        return mask ? [...tensors, tf.zeros([batch, units])] : tensors;
      },
    };
  });
  return useMaskArgs(op, [x, W, U, b], mask && tf.broadcastTo(mask, [x.shape[0], U.shape[0]]));
}

/** The addon kernel that runs `cell` here, if any: SimpleRNN and GRU when the addon is loaded. */
export function addonKernelFor(cell: CellType): AddonKernel | undefined {
  const addon = nativeAddon();
  if (!addon) return undefined;
  if (cell === 'rnn') return simpleRnnAddonKernel(addon);
  if (cell === 'gru') return gruAddonKernel(addon);
  return undefined;
}

function useMaskArgs(op: (...args: tf.Tensor[]) => tf.Tensor, args: tf.Tensor[], mask: tf.Tensor | undefined): tf.Tensor {
  return mask ? op(...args, mask) : op(...args);
}

/**
 * `unrolledRecurrence` on the fused kernels. Off the native backend (a model built on it, then run after
 * a backend switch) it computes the same thing unrolled.
 */
export function fusedRecurrence(cell: CellType, x: tf.Tensor, W: tf.Tensor, U: tf.Tensor, b: tf.Tensor, masks: RecurrenceMasks, returnSequences: boolean): tf.Tensor {
  if (!isNativeBackendActive() || !fusedCoreCovers(cell, masks.recurrent ? 1 : 0)) return unrolledRecurrence(cell, x, W, U, b, masks, returnSequences);
  const input = masks.input ? tf.mul(x, tf.expandDims(masks.input, 1)) : x;
  switch (cell) {
    case 'lstm':
      return lstmSequence(input, W, U, b, returnSequences);
    case 'gru': {
      const kernel = addonKernelFor('gru');
      return kernel ? addonSequence(kernel, input, W, U, b, masks.recurrent, returnSequences) : gruSequence(input, W, U, b, masks.recurrent, returnSequences);
    }
    case 'rnn': {
      const kernel = addonKernelFor('rnn');
      return kernel ? addonSequence(kernel, input, W, U, b, masks.recurrent, returnSequences) : rnnSequence(input, W, U, b, masks.recurrent, returnSequences);
    }
  }
}

/**
 * Runs every fused path, forward and backward, on a tiny window: undefined when this TensorFlow has
 * the kernels, else why not (a libtensorflow without them would otherwise fail mid-training).
 */
export function probeFusedKernels(): string | undefined {
  try {
    tf.tidy(() => {
      const x = tf.ones([1, 2, 1]);
      for (const cell of ['lstm', 'gru', 'rnn'] as CellType[]) {
        const gates = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
        const [W, U, b] = [tf.fill([1, gates], 0.1), tf.fill([1, gates], 0.1), tf.zeros([gates])];
        tf.grads((...inputs: tf.Tensor[]) => tf.sum(fusedRecurrence(cell, inputs[0], inputs[1], inputs[2], inputs[3], {}, true)))([x, W, U, b]);
      }
    });
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message.split('\n')[0] : String(err);
  }
}
