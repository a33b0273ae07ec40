/**
 * An inference path for a trained model's window forecasts, for callers that predict window after
 * window (a rollout predicts once per step). `model.predict` on a seed ensemble runs K member chains
 * one after the other, each a handful of small kernels plus the layers' per-call bookkeeping; at
 * batch 1 that overhead, not arithmetic, is the cost. The plan composes the members' weights once into
 * ONE wider network:
 *   - each recurrent layer direction is a single forward pass with K·u units: the members' input
 *     kernels side by side, their recurrent kernels block-diagonal, and the gate blocks regrouped so
 *     each gate holds every member's units (i = [i₁ … i_K], f = …). It runs on RNN Studio's addon
 *     (native/: LSTM, GRU and SimpleRNN forward kernels on host arrays, no tensors at all, skipping
 *     the zero blocks), or, where the addon is not loaded, on the fused core (`fusedRecurrence`);
 *   - the K dense heads and the Average become one sum on the host over the last hidden state (or
 *     every step's, many-to-many).
 * The zero blocks add exact zeros, so the numbers are the model's up to float summation order. A
 * single network is the K = 1 case (it still skips predict's per-call overhead).
 *
 * In memory only: the saved weights keep the stock tfjs/Keras layout. Built from the model's current
 * weights, so build it per use (it is cheap) and dispose it after.
 *
 * Covers many-to-one and many-to-many chains — recurrent layers (any cell, stacked, bidirectional)
 * then a Dense head — as one network or an ensemble of identical chains, plus the linear shortcut
 * (window · W + b added on the host, many-to-one); anything else (one-to-many, encoder-decoder) gets
 * undefined and the caller predicts as before.
 */
import * as tf from '@tensorflow/tfjs';
import type { CellType } from '../spec';
import { directionOutput } from './fast-recurrent-layer';
import { fusedRecurrence } from './fused-recurrence';
import { nativeAddon, type NativeAddon } from './native-addon';
import { ENSEMBLE_MEAN, SHORTCUT_ADD, SHORTCUT_DENSE, SHORTCUT_FLATTEN, SHORTCUT_RESHAPE } from './plan';
import { defaultRecurrentCore, fusedNativeCore } from './recurrent-core';
import { describeRecurrent, type RecurrentDescription } from './rehost';
import { GATES } from './unrolled-recurrence';

/** One member's layers, read from the model. */
interface MemberChain {
  recurrent: { described: RecurrentDescription; weights: Float32Array[] }[];
  head: { kernel: Float32Array; bias: Float32Array; units: number };
  /** Whether the head reads every step (many-to-many) or the last state (many-to-one). */
  perStep: boolean;
  outputShape: number[];
}

/** One wide recurrent layer: per direction the composed [kernel, recurrent kernel, bias]. */
interface WideLayer {
  cell: CellType;
  units: number;
  inputSize: number;
  returnSequences: boolean;
  directions: [Float32Array, Float32Array, Float32Array][];
}

/** One layer direction's forward pass on host arrays: fills h [count, steps, units]; U has `blocks` diagonal blocks per gate. */
type HostForward = (count: number, steps: number, features: number, units: number, blocks: number, x: Float32Array, W: Float32Array, U: Float32Array, bias: Float32Array, h: Float32Array) => void;

/** The addon's forward pass for `cell`, when this build of it has one. */
function addonForward(addon: NativeAddon, cell: CellType): HostForward | undefined {
  switch (cell) {
    case 'lstm':
      return addon.lstmForward?.bind(addon);
    case 'gru':
      return addon.gruForward?.bind(addon);
    case 'rnn':
      // One gate of K·u units: the zero blocks cost little next to the gated cells' four or three.
      return (count, steps, features, units, _blocks, x, W, U, bias, h) => addon.simpleRnnForward(count, steps, features, units, x, W, U, bias, null, h);
  }
}

export interface InferencePlan {
  /** Members composed (1 for a single network). */
  readonly members: number;
  /** Whose kernels run the recurrences: RNN Studio's addon (on host arrays) or TensorFlow's fused ones. */
  readonly kernels: 'rnn-studio-addon' | 'tensorflow';
  /**
   * The model's output for `count` windows laid out [count, steps, features] in `x`, as `predictRaw`
   * gives it: `values` flat, `shape` [count, …one window's output shape].
   */
  predict(x: Float32Array, count: number, steps: number): { values: Float32Array; shape: number[] };
  dispose(): void;
}

/** The layers from `input` to `output` when each takes exactly one input, else undefined. */
function chainBetween(input: tf.SymbolicTensor, output: tf.SymbolicTensor): tf.layers.Layer[] | undefined {
  const layers: tf.layers.Layer[] = [];
  let tensor = output;
  while (tensor !== input) {
    const layer = tensor.sourceLayer;
    if (layer.inboundNodes.length !== 1 || layer.getClassName() === 'InputLayer') return undefined;
    const from = layer.inboundNodes[0].inputTensors;
    if (from.length !== 1) return undefined;
    layers.unshift(layer);
    tensor = from[0];
  }
  return layers;
}

const floats = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;

/**
 * A member chain the plan covers: recurrent layers, then a linear Dense — on the last state and
 * reshaped (many-to-one), or at every step (many-to-many).
 */
function readChain(layers: tf.layers.Layer[]): MemberChain | undefined {
  const perStep = layers[layers.length - 1]?.getClassName() === 'Dense';
  const dense = layers[layers.length - (perStep ? 1 : 2)];
  const recurrentLayers = layers.slice(0, layers.length - (perStep ? 1 : 2));
  if (!dense || recurrentLayers.length === 0) return undefined;
  const denseConfig = dense.getConfig();
  if (dense.getClassName() !== 'Dense' || denseConfig.activation !== 'linear' || denseConfig.useBias === false) return undefined;
  if (!perStep && layers[layers.length - 1].getClassName() !== 'Reshape') return undefined;
  const recurrent: MemberChain['recurrent'] = [];
  for (const [i, layer] of recurrentLayers.entries()) {
    const described = describeRecurrent(layer.getClassName(), layer.getConfig());
    if (!described || described.returnSequences !== (perStep || i < recurrentLayers.length - 1)) return undefined;
    const weights = layer.getWeights();
    if (weights.length !== (described.bidirectional ? 6 : 3)) return undefined;
    recurrent.push({ described, weights: weights.map(floats) });
  }
  const [kernel, bias] = dense.getWeights();
  const outputShape = (layers[layers.length - 1].outputShape as number[]).slice(1);
  return { recurrent, head: { kernel: floats(kernel), bias: floats(bias), units: kernel.shape[1] as number }, perStep, outputShape };
}

/** The linear shortcut's kernel [L·F, h·T] and bias, as plan.ts builds it. */
interface Shortcut {
  kernel: Float32Array;
  bias: Float32Array;
  units: number;
}

/**
 * When the model's output is `shortcut_add`: the network's output it adds to, and the shortcut's
 * weights (checked to be the plan's Flatten → linear Dense → Reshape from the input); undefined for a
 * model without it, 'unknown' for an Add the plan does not cover.
 */
function readShortcut(model: tf.LayersModel): { network: tf.SymbolicTensor; shortcut: Shortcut } | 'unknown' | undefined {
  const add = model.outputs[0].sourceLayer;
  if (add.name !== SHORTCUT_ADD) return undefined;
  const inputs = add.inboundNodes[0]?.inputTensors ?? [];
  if (add.getClassName() !== 'Add' || inputs.length !== 2) return 'unknown';
  const path = chainBetween(model.inputs[0], inputs[1]);
  if (!path || path.map((l) => l.name).join() !== [SHORTCUT_FLATTEN, SHORTCUT_DENSE, SHORTCUT_RESHAPE].join()) return 'unknown';
  const dense = path[1];
  const config = dense.getConfig();
  if (dense.getClassName() !== 'Dense' || config.activation !== 'linear' || config.useBias === false) return 'unknown';
  const [kernel, bias] = dense.getWeights();
  return { network: inputs[0], shortcut: { kernel: floats(kernel), bias: floats(bias), units: kernel.shape[1] as number } };
}

/** The member chains of `model` (several when an Average named ENSEMBLE_MEAN joins them), and its shortcut if any. */
function memberChains(model: tf.LayersModel): { chains: MemberChain[]; shortcut?: Shortcut } | undefined {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return undefined;
  const withShortcut = readShortcut(model);
  if (withShortcut === 'unknown') return undefined;
  const output = withShortcut?.network ?? model.outputs[0];
  const mean = output.sourceLayer;
  const joined = mean.name === ENSEMBLE_MEAN && mean.getClassName() === 'Average';
  const ends = joined ? mean.inboundNodes[0].inputTensors : [output];
  const chains: MemberChain[] = [];
  for (const end of ends) {
    const layers = chainBetween(model.inputs[0], end);
    const chain = layers && readChain(layers);
    if (!chain) return undefined;
    chains.push(chain);
  }
  const shortcut = withShortcut?.shortcut;
  if (shortcut && (chains[0].perStep || shortcut.units !== chains[0].head.units)) return undefined;
  return { chains, shortcut };
}

/** Whether every member has the first one's layer sizes and head, so they compose into one network. */
function alike(chains: MemberChain[]): boolean {
  const shape = (c: MemberChain) => JSON.stringify([c.recurrent.map((r) => r.described), c.head.units, c.perStep, c.outputShape]);
  return chains.every((c) => shape(c) === shape(chains[0]));
}

/**
 * One recurrent layer of every member as one wide layer. `rowOf[k][i]` is where member k's input
 * element i sits in the wide input (`inputSize` wide); returns the same map for the layer's output.
 */
function composeLayer(chains: MemberChain[], layer: number, rowOf: number[][], inputSize: number): { wide: WideLayer; rowOf: number[][]; size: number } {
  const { cell, units, bidirectional, returnSequences } = chains[0].recurrent[layer].described;
  const K = chains.length;
  const gates = GATES[cell];
  const wideUnits = K * units;
  const cols = gates * wideUnits;
  const directionCount = bidirectional ? 2 : 1;
  const directions: WideLayer['directions'] = [];
  for (let d = 0; d < directionCount; d++) {
    const kernel = new Float32Array(inputSize * cols);
    const recurrentKernel = new Float32Array(wideUnits * cols);
    const bias = new Float32Array(cols);
    chains.forEach((chain, k) => {
      const [mKernel, mRecurrent, mBias] = chain.recurrent[layer].weights.slice(3 * d, 3 * d + 3);
      const memberInputs = rowOf[k].length;
      for (let g = 0; g < gates; g++) {
        for (let j = 0; j < units; j++) {
          const from = g * units + j;
          const to = g * wideUnits + k * units + j;
          for (let i = 0; i < memberInputs; i++) kernel[rowOf[k][i] * cols + to] = mKernel[i * gates * units + from];
          for (let r = 0; r < units; r++) recurrentKernel[(k * units + r) * cols + to] = mRecurrent[r * gates * units + from];
          bias[to] = mBias[from];
        }
      }
    });
    directions.push([kernel, recurrentKernel, bias]);
  }
  // A member's output is [forward units | backward units]; the wide output is [every forward | every backward].
  const nextRowOf = chains.map((_, k) => Array.from({ length: directionCount * units }, (_, i) => Math.floor(i / units) * wideUnits + k * units + (i % units)));
  return { wide: { cell, units: wideUnits, inputSize, returnSequences, directions }, rowOf: nextRowOf, size: directionCount * wideUnits };
}

/** The members' dense heads as one [size, units] kernel and bias, summed (the mean divides by K afterwards). */
function composeHead(chains: MemberChain[], rowOf: number[][], size: number): { kernel: Float64Array; bias: Float64Array; units: number } {
  const units = chains[0].head.units;
  const kernel = new Float64Array(size * units);
  const bias = new Float64Array(units);
  chains.forEach(({ head }, k) => {
    rowOf[k].forEach((row, i) => {
      for (let o = 0; o < units; o++) kernel[row * units + o] = head.kernel[i * units + o];
    });
    for (let o = 0; o < units; o++) bias[o] += head.bias[o];
  });
  return { kernel, bias, units };
}

/** Adds each window's linear term (the window flattened, times the kernel, plus the bias) to its row of `values`. */
function addShortcut(values: Float32Array, shortcut: Shortcut, x: Float32Array, count: number): void {
  const { kernel, bias, units } = shortcut;
  const inputs = kernel.length / units;
  for (let n = 0; n < count; n++) {
    for (let o = 0; o < units; o++) {
      let sum = bias[o];
      for (let i = 0; i < inputs; i++) sum += x[n * inputs + i] * kernel[i * units + o];
      values[n * units + o] += sum;
    }
  }
}

/** Reverses the step order of [count, steps, size]. */
function reverseSteps(a: Float32Array, count: number, steps: number, size: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let n = 0; n < count; n++) {
    for (let t = 0; t < steps; t++) out.set(a.subarray((n * steps + t) * size, (n * steps + t + 1) * size), (n * steps + steps - 1 - t) * size);
  }
  return out;
}

/** [count, steps, size] → the last step of each, [count, size]. */
function lastSteps(a: Float32Array, count: number, steps: number, size: number): Float32Array {
  const out = new Float32Array(count * size);
  for (let n = 0; n < count; n++) out.set(a.subarray((n * steps + steps - 1) * size, (n * steps + steps) * size), n * size);
  return out;
}

/** Concatenates per-row blocks of equal width `size` along the last axis: rows × (parts·size). */
function concatRows(parts: Float32Array[], rows: number, size: number): Float32Array {
  if (parts.length === 1) return parts[0];
  const out = new Float32Array(rows * size * parts.length);
  parts.forEach((part, p) => {
    for (let r = 0; r < rows; r++) out.set(part.subarray(r * size, (r + 1) * size), (r * parts.length + p) * size);
  });
  return out;
}

/** The recurrent stack on the addon's kernels, all on host arrays: the last layer's output [count, size]. */
function runOnHost(layers: WideLayer[], forwards: HostForward[], members: number, x: Float32Array, count: number, steps: number): Float32Array {
  let input = x;
  layers.forEach((layer, l) => {
    const outputs = layer.directions.map(([W, U, bias], d) => {
      const backward = d === 1;
      const h = new Float32Array(count * steps * layer.units);
      forwards[l](count, steps, layer.inputSize, layer.units, members, backward ? reverseSteps(input, count, steps, layer.inputSize) : input, W, U, bias, h);
      if (!layer.returnSequences) return lastSteps(h, count, steps, layer.units);
      // The backward pass's sequence is re-reversed so step t lines up with the forward pass's step t.
      return backward ? reverseSteps(h, count, steps, layer.units) : h;
    });
    input = concatRows(outputs, layer.returnSequences ? count * steps : count, layer.units);
  });
  return input;
}

/** The recurrent stack as tensors on the fused core (no addon): the last layer's output [count, size]. */
function runOnTensors(layers: WideLayer[], weights: [tf.Tensor, tf.Tensor, tf.Tensor][][], x: Float32Array, count: number, steps: number, features: number): Float32Array {
  return tf.tidy(() => {
    let h: tf.Tensor = tf.tensor3d(x, [count, steps, features]);
    layers.forEach((layer, l) => {
      const outputs = weights[l].map((w, d) => directionOutput(fusedRecurrence, layer.cell, h, w, {}, layer.returnSequences, d === 1));
      h = outputs.length === 1 ? outputs[0] : tf.concat(outputs, -1);
    });
    return floats(h);
  });
}

/** The inference plan of `model` (see above), or undefined when its graph is not one the plan covers. */
export function composeInferencePlan(model: tf.LayersModel): InferencePlan | undefined {
  const read = memberChains(model);
  if (!read) return undefined;
  const { chains, shortcut } = read;
  if (chains.length === 0 || !alike(chains)) return undefined;
  const features = model.inputs[0].shape[2];
  if (typeof features !== 'number') return undefined;
  const K = chains.length;
  const layers: WideLayer[] = [];
  let rowOf = chains.map(() => Array.from({ length: features }, (_, i) => i));
  let size = features;
  for (let l = 0; l < chains[0].recurrent.length; l++) {
    const composed = composeLayer(chains, l, rowOf, size);
    layers.push(composed.wide);
    ({ rowOf, size } = composed);
  }
  const head = composeHead(chains, rowOf, size);
  const outputShape = chains[0].outputShape;
  // The addon's kernels where it has one for every layer (no tensors at all), else TensorFlow's fused ones.
  const addon = nativeAddon();
  const hostForwards = addon ? layers.map((layer) => addonForward(addon, layer.cell)) : [];
  const onHost = addon !== undefined && hostForwards.every((f) => f !== undefined);
  const weights = onHost
    ? []
    : layers.map((layer) => layer.directions.map(([W, U, b]) => [tf.tensor2d(W, [layer.inputSize, W.length / layer.inputSize]), tf.tensor2d(U, [layer.units, U.length / layer.units]), tf.tensor1d(b)] as [tf.Tensor, tf.Tensor, tf.Tensor]));
  return {
    members: K,
    kernels: onHost ? 'rnn-studio-addon' : 'tensorflow',
    predict(x, count, steps) {
      const hidden = onHost ? runOnHost(layers, hostForwards as HostForward[], K, x, count, steps) : runOnTensors(layers, weights, x, count, steps, features);
      // Rows the head reads: each window's last state, or every step of each window.
      const rows = chains[0].perStep ? count * steps : count;
      const values = new Float32Array(rows * head.units);
      for (let n = 0; n < rows; n++) {
        for (let o = 0; o < head.units; o++) {
          let sum = head.bias[o];
          for (let i = 0; i < size; i++) sum += hidden[n * size + i] * head.kernel[i * head.units + o];
          values[n * head.units + o] = sum / K;
        }
      }
      if (shortcut) addShortcut(values, shortcut, x, count);
      return { values, shape: [count, ...outputShape] };
    },
    dispose() {
      tf.dispose(weights.flat(2));
    },
  };
}

/**
 * The plan where it runs on the fused core (native TensorFlow, no other core asked for by
 * RNN_STUDIO_RECURRENT_CORE); undefined elsewhere, where callers keep `model.predict` unchanged.
 */
export function fusedInferencePlan(model: tf.LayersModel): InferencePlan | undefined {
  return defaultRecurrentCore() === fusedNativeCore ? composeInferencePlan(model) : undefined;
}
