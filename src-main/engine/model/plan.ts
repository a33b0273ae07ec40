/**
 * The layer-by-layer plan of a model, computed with plain arithmetic. Both `describeModel` (cheap,
 * called on every edit in the designer) and `buildModel` (the real tfjs model) follow this one plan,
 * so the names, kinds, shapes and parameter counts the user sees are the ones that get built — and a
 * test checks them against tfjs's own `outputShape` and `countParams()`.
 *
 * Every topology is a single chain of layers:
 * - many-to-one:     input → recurrent stack (last layer returns its final state) → Dense(h·T) → Reshape[h, T]
 * - many-to-many:    input → recurrent stack (sequences) → Dense(h·T) at every step → [L, h·T]
 * - one-to-many:     input → keep the last step only (Reshape + Cropping2D + Flatten) → RepeatVector(h)
 *                    → recurrent stack (sequences) → Dense(T) per step → [h, T]
 * - encoder-decoder: input → recurrent encoder stack → final state → RepeatVector(h) → decoder layer
 *                    (same cell, unidirectional, units of the last encoder layer) → Dense(T) per step.
 *   The encoder's final state reaches the decoder as its input at every step rather than as its
 *   initial state: tfjs 4.22 fails at run time (inside Reshape) on functional models whose RNN gets
 *   `initialState` from another layer's output, and such a model could not be saved and reloaded.
 *
 * An ensemble (`spec.ensemble` = K > 1) is K such chains side by side from the one input, each layer
 * named with its member's prefix (`m1_lstm_1`, …), joined by an Average layer (`ensemble_mean`).
 * A single network (K = 1) is the plain chain with the names it always had.
 *
 * The linear shortcut (`spec.linearShortcut`, many-to-one only) is a second path from the input:
 * `shortcut_flatten` (the window as one vector [L·F]) → `shortcut_dense` (h·T units) →
 * `shortcut_reshape` [h, T], added to the network's output (the chain's end, or `ensemble_mean`) by
 * `shortcut_add`, which is then the model's output. These layers name their sources in `from`.
 */
import type { CellType, ModelSpec } from '../spec';
import type { ModelDims } from './types';
import { memberPrefix } from '../spec/layer-names';

export { memberPrefix, memberOfLayer } from '../spec/layer-names';

type Shape = (number | null)[];

interface PlannedBase {
  name: string;
  /** The ensemble member (1-based) whose chain the layer belongs to; 0 for the shared input and the average. */
  member: number;
  /** tfjs class name of the layer (what `layer.getClassName()` returns). */
  kind: string;
  outputShape: Shape;
  params: number;
  /**
   * The layers feeding this one, by name, for layers off the member chains (the shortcut's). Absent:
   * the previous layer of the same member (the shared input for a member's first layer).
   */
  from?: string[];
}

export type PlannedLayer =
  | (PlannedBase & { op: 'input'; shape: [number, number] })
  | (PlannedBase & {
      op: 'recurrent';
      cell: CellType;
      units: number;
      bidirectional: boolean;
      returnSequences: boolean;
      /** Position in the model's recurrent layers (0-based), for seeding. */
      index: number;
      /** Size of each input step, for the weight shapes. */
      inputSize: number;
    })
  | (PlannedBase & { op: 'reshape'; targetShape: number[] })
  | (PlannedBase & { op: 'crop-last-step'; cropTop: number })
  | (PlannedBase & { op: 'flatten' })
  | (PlannedBase & { op: 'repeat'; n: number })
  | (PlannedBase & { op: 'dense'; units: number; inputSize: number })
  | (PlannedBase & { op: 'average' })
  | (PlannedBase & { op: 'add' });

/** Gate blocks per cell: SimpleRNN has one, GRU three (z, r, h), LSTM four (i, f, c, o). */
export function gateCount(cell: CellType): number {
  return cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
}

/** Weights of one direction of a recurrent layer: kernel [in, g·u], recurrent kernel [u, g·u], bias [g·u]. */
export function recurrentParams(cell: CellType, inputSize: number, units: number): number {
  return gateCount(cell) * units * (inputSize + units + 1);
}

const CELL_CLASS: Record<CellType, string> = { rnn: 'SimpleRNN', lstm: 'LSTM', gru: 'GRU' };

export function recurrentLayerName(cell: CellType, position: number, bidirectional: boolean): string {
  return `${bidirectional ? 'bi' : ''}${cell}_${position}`;
}

export const ENSEMBLE_MEAN = 'ensemble_mean';

/** The linear shortcut's layers (exporters and the inference plan find them by these names). */
export const SHORTCUT_FLATTEN = 'shortcut_flatten';
export const SHORTCUT_DENSE = 'shortcut_dense';
export const SHORTCUT_RESHAPE = 'shortcut_reshape';
export const SHORTCUT_ADD = 'shortcut_add';

export function planModel(spec: ModelSpec, dims: ModelDims): PlannedLayer[] {
  const { lookback, inputFeatures } = dims;
  const members = spec.ensemble ?? 1;
  const plan: PlannedLayer[] = [
    { op: 'input', name: 'input', member: 0, kind: 'InputLayer', shape: [lookback, inputFeatures], outputShape: [null, lookback, inputFeatures], params: 0 },
  ];
  let recurrentIndex = 0;
  for (let member = 1; member <= members; member++) {
    const chain = planChain(spec, dims, member, memberPrefix(member, members), recurrentIndex);
    recurrentIndex += chain.filter((layer) => layer.op === 'recurrent').length;
    plan.push(...chain);
  }
  if (members > 1) {
    const last = plan[plan.length - 1];
    plan.push({ op: 'average', name: ENSEMBLE_MEAN, member: 0, kind: 'Average', outputShape: [...last.outputShape], params: 0 });
  }
  if (spec.linearShortcut) plan.push(...planShortcut(dims, plan[plan.length - 1]));
  return plan;
}

/** The linear autoregression of the window added to the network's output (see the header). */
function planShortcut(dims: ModelDims, network: PlannedLayer): PlannedLayer[] {
  const { lookback, horizon, inputFeatures, targets } = dims;
  const windowSize = lookback * inputFeatures;
  const units = horizon * targets;
  return [
    { op: 'flatten', name: SHORTCUT_FLATTEN, member: 0, kind: 'Flatten', from: ['input'], outputShape: [null, windowSize], params: 0 },
    { op: 'dense', name: SHORTCUT_DENSE, member: 0, kind: 'Dense', from: [SHORTCUT_FLATTEN], units, inputSize: windowSize, outputShape: [null, units], params: windowSize * units + units },
    { op: 'reshape', name: SHORTCUT_RESHAPE, member: 0, kind: 'Reshape', from: [SHORTCUT_DENSE], targetShape: [horizon, targets], outputShape: [null, horizon, targets], params: 0 },
    { op: 'add', name: SHORTCUT_ADD, member: 0, kind: 'Add', from: [network.name, SHORTCUT_RESHAPE], outputShape: [...network.outputShape], params: 0 },
  ];
}

/** One member's chain of layers after the input. */
function planChain(spec: ModelSpec, dims: ModelDims, member: number, prefix: string, firstRecurrentIndex: number): PlannedLayer[] {
  const { lookback, horizon, inputFeatures, targets } = dims;
  const plan: PlannedLayer[] = [];
  let steps = lookback;
  let size = inputFeatures;
  let recurrentIndex = firstRecurrentIndex;

  const addRecurrent = (name: string, cell: CellType, units: number, bidirectional: boolean, returnSequences: boolean): void => {
    const directions = bidirectional ? 2 : 1;
    const outSize = units * directions;
    plan.push({
      op: 'recurrent',
      name: prefix + name,
      member,
      kind: bidirectional ? 'Bidirectional' : CELL_CLASS[cell],
      cell,
      units,
      bidirectional,
      returnSequences,
      index: recurrentIndex++,
      inputSize: size,
      outputShape: returnSequences ? [null, steps, outSize] : [null, outSize],
      params: directions * recurrentParams(cell, size, units),
    });
    size = outSize;
  };
  const addStack = (finalReturnsSequences: boolean): void => {
    spec.layers.forEach((layer, i) => {
      const last = i === spec.layers.length - 1;
      addRecurrent(recurrentLayerName(spec.cell, i + 1, spec.bidirectional), spec.cell, layer.units, spec.bidirectional, last ? finalReturnsSequences : true);
    });
  };
  const addDense = (units: number, perStep: boolean): void => {
    plan.push({ op: 'dense', name: `${prefix}dense_out`, member, kind: 'Dense', units, inputSize: size, outputShape: perStep ? [null, steps, units] : [null, units], params: size * units + units });
    size = units;
  };
  const addRepeat = (n: number): void => {
    steps = n;
    plan.push({ op: 'repeat', name: `${prefix}repeat_horizon`, member, kind: 'RepeatVector', n, outputShape: [null, n, size], params: 0 });
  };

  switch (spec.topology) {
    case 'many-to-one':
      addStack(false);
      addDense(horizon * targets, false);
      plan.push({ op: 'reshape', name: `${prefix}reshape_out`, member, kind: 'Reshape', targetShape: [horizon, targets], outputShape: [null, horizon, targets], params: 0 });
      break;
    case 'many-to-many':
      addStack(true);
      addDense(horizon * targets, true);
      break;
    case 'one-to-many':
      // tfjs has no Cropping1D: view the window as an image [L, F, 1] and crop all rows but the last.
      plan.push({ op: 'reshape', name: `${prefix}window_as_image`, member, kind: 'Reshape', targetShape: [lookback, inputFeatures, 1], outputShape: [null, lookback, inputFeatures, 1], params: 0 });
      plan.push({ op: 'crop-last-step', name: `${prefix}last_step`, member, kind: 'Cropping2D', cropTop: lookback - 1, outputShape: [null, 1, inputFeatures, 1], params: 0 });
      plan.push({ op: 'flatten', name: `${prefix}last_step_vector`, member, kind: 'Flatten', outputShape: [null, inputFeatures], params: 0 });
      addRepeat(horizon);
      addStack(true);
      addDense(targets, true);
      break;
    case 'encoder-decoder': {
      addStack(false);
      addRepeat(horizon);
      const lastUnits = spec.layers[spec.layers.length - 1].units;
      addRecurrent(`decoder_${spec.cell}`, spec.cell, lastUnits, false, true);
      addDense(targets, true);
      break;
    }
  }
  return plan;
}
