/**
 * The recurrent core: the one place that turns a recurrent layer of a ModelSpec into a tfjs layer.
 *
 * Everything else (the model plan, describe, training, diagnostics) only sees what this returns: a
 * layer named `config.name` whose weights, per direction, are kernel [in, g·u], recurrent_kernel
 * [u, g·u] and bias [g·u] in tfjs's gate order (LSTM i,f,c,o; GRU z,r,h with reset applied before
 * the recurrent matmul, i.e. reset_after = false), and which saves as the stock tfjs layer.
 *
 * Three implementations exist: `tfjsRecurrentCore` (the stock tfjs-layers layers),
 * `fastRecurrentCore` (FastRecurrentLayer: same results, far fewer kernels per step; the default off
 * the native backend) and `fusedNativeCore` (the same layer running TensorFlow's fused kernels
 * BlockLSTMV2/GRUBlockCell through tfjs-node; the default on it). All keep those weight layouts and give
 * identical outputs: the cell-equation and core-equality tests in test/unit/model are what prove it.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedCoreCovers, type CellType, type RecurrentCoreId, type RecurrentKernel } from '../spec';
import { requestedRecurrentCore } from './requested-core';
import { FastRecurrentLayer } from './fast-recurrent-layer';
import { fusedRecurrence, probeFusedKernels } from './fused-recurrence';
import { addonTrains } from './native-addon';
import { isNativeBackendActive } from './native-ops';
import { createRng } from './random';
import { installUnstackGradient } from './unstack-gradient';

// Both cores unstack their input along time; one-step sequences must still backpropagate.
installUnstackGradient();

export interface RecurrentLayerConfig {
  name: string;
  cell: CellType;
  units: number;
  returnSequences: boolean;
  bidirectional: boolean;
  dropout: number;
  recurrentDropout: number;
  /** Seeds the dropout masks so a run repeats exactly. */
  dropoutSeed: number;
  /**
   * L2 penalty on the input and recurrent kernels. Recorded as the layer's regularizers (so it is
   * saved with the model); the training loop reads it back from there and adds the penalty itself.
   */
  l2?: number;
}

export interface RecurrentCore {
  readonly id: RecurrentCoreId;
  createLayer(config: RecurrentLayerConfig): tf.layers.Layer;
}

type DropoutFn = (x: tf.Tensor, rate: number) => tf.Tensor;

/** tfjs's RNN cells draw dropout masks from Math.random; this draws them from a seeded stream. */
function seededDropout(seed: number): DropoutFn {
  const rng = createRng(seed);
  return (x, rate) => tf.dropout(x, rate, undefined, rng.int());
}

/** The cell behind an RNN layer (tfjs keeps it as a public field that its typings do not expose). */
function cellOf(layer: tf.layers.Layer): { dropoutFunc?: DropoutFn } {
  return (layer as unknown as { cell: { dropoutFunc?: DropoutFn } }).cell;
}

function createCellLayer(config: RecurrentLayerConfig, dropoutFunc: DropoutFn, name: string): tf.RNN {
  const args = {
    name,
    units: config.units,
    returnSequences: config.returnSequences,
    dropout: config.dropout,
    recurrentDropout: config.recurrentDropout,
    dropoutFunc,
    ...(config.l2 ? { kernelRegularizer: tf.regularizers.l2({ l2: config.l2 }), recurrentRegularizer: tf.regularizers.l2({ l2: config.l2 }) } : {}),
  };
  switch (config.cell) {
    case 'rnn':
      return tf.layers.simpleRNN({ ...args, activation: 'tanh' });
    case 'lstm':
      // tfjs defaults the gates to hardSigmoid; the textbook (and Keras 2) cell uses sigmoid.
      return tf.layers.lstm({ ...args, activation: 'tanh', recurrentActivation: 'sigmoid' });
    case 'gru':
      return tf.layers.gru({ ...args, activation: 'tanh', recurrentActivation: 'sigmoid' });
  }
}

/** The stock tfjs-layers recurrent layers (and Bidirectional wrapper). */
export const tfjsRecurrentCore: RecurrentCore = {
  id: 'tfjs-layers',
  createLayer(config) {
    const usesDropout = config.dropout > 0 || config.recurrentDropout > 0;
    const forwardDropout = seededDropout(config.dropoutSeed);
    if (!config.bidirectional) return createCellLayer(config, forwardDropout, config.name);
    const inner = createCellLayer(config, forwardDropout, `${config.cell}`);
    const wrapper = tf.layers.bidirectional({ layer: inner, mergeMode: 'concat', name: config.name });
    if (usesDropout) {
      // The wrapper rebuilds both directions from the inner layer's config, which cannot carry a function.
      const directions = wrapper as unknown as { forwardLayer: tf.layers.Layer; backwardLayer: tf.layers.Layer };
      cellOf(directions.forwardLayer).dropoutFunc = seededDropout(config.dropoutSeed);
      cellOf(directions.backwardLayer).dropoutFunc = seededDropout(config.dropoutSeed + 1);
    }
    return wrapper;
  },
};

/** FastRecurrentLayer: same results as the stock layers, a fraction of the kernels per step. */
export const fastRecurrentCore: RecurrentCore = {
  id: 'fast-unrolled',
  createLayer(config) {
    return createFastLayer(config);
  },
};

/**
 * TensorFlow's fused recurrent kernels (native backend only; see fused-recurrence.ts). An LSTM with
 * recurrent dropout has no fused form and runs the unrolled recurrence: `coreRunning` says so.
 */
export const fusedNativeCore: RecurrentCore = {
  id: 'tensorflow-fused',
  createLayer(config) {
    if (!isNativeBackendActive()) throw new Error(`the ${this.id} recurrent core needs the native TensorFlow backend (active: ${tf.getBackend()})`);
    return createFastLayer(config, fusedCoreCovers(config.cell, config.recurrentDropout));
  },
};

/**
 * The fastest core the active backend runs — fused kernels on native TensorFlow, the unrolled one
 * elsewhere — unless RNN_STUDIO_RECURRENT_CORE names another (the fused one only where native runs).
 */
export function defaultRecurrentCore(): RecurrentCore {
  const requested = requestedRecurrentCore();
  if (requested === 'fast-unrolled') return fastRecurrentCore;
  if (requested === 'tfjs-layers') return tfjsRecurrentCore;
  return isNativeBackendActive() && fusedKernelsUnavailable() === undefined ? fusedNativeCore : fastRecurrentCore;
}

let fusedProbe: { reason?: string } | undefined;

/** Why the native backend cannot run the fused kernels (tried once), or undefined when it can. */
export function fusedKernelsUnavailable(): string | undefined {
  if (!isNativeBackendActive()) return `the native TensorFlow backend is not active (${tf.getBackend()})`;
  fusedProbe ??= { reason: probeFusedKernels() };
  return fusedProbe.reason;
}

/**
 * The core that actually computes a model's recurrent layers with these settings. Equals `core.id`,
 * except for the fused core's LSTM-with-recurrent-dropout fallback; for the default core it is what
 * `recurrentCoreFor` (spec layer) records in run.json.
 */
export function coreRunning(core: RecurrentCore, cell: CellType, recurrentDropout: number): RecurrentCoreId {
  return core === fusedNativeCore && !fusedCoreCovers(cell, recurrentDropout) ? fastRecurrentCore.id : core.id;
}

/**
 * The kernel under a SimpleRNN or GRU that `core` runs here: RNN Studio's addon, or TensorFlow ops when
 * the addon is unavailable (`nativeAddonStatus` says why) or predates the cell's kernels. Undefined for
 * the LSTM and other cores.
 */
export function recurrentKernelRunning(core: RecurrentCoreId, cell: CellType): RecurrentKernel | undefined {
  if (core !== 'tensorflow-fused' || cell === 'lstm') return undefined;
  return addonTrains(cell) ? 'rnn-studio-addon' : 'tensorflow-ops';
}

function createFastLayer(config: RecurrentLayerConfig, fused = false): tf.layers.Layer {
  // The same seeded streams the stock core gives each direction, so dropout masks match too.
  const dropoutFuncs = config.bidirectional ? [seededDropout(config.dropoutSeed), seededDropout(config.dropoutSeed + 1)] : [seededDropout(config.dropoutSeed)];
  return new FastRecurrentLayer({
    name: config.name,
    cell: config.cell,
    units: config.units,
    returnSequences: config.returnSequences,
    dropout: config.dropout,
    recurrentDropout: config.recurrentDropout,
    dropoutFuncs,
    equivalent: tfjsRecurrentCore.createLayer(config),
    recurrence: fused ? fusedRecurrence : undefined,
    coreId: fused ? 'tensorflow-fused' : 'fast-unrolled',
  });
}
