/**
 * A trained tfjs model read into a neutral, format-free description: the chain of layers every
 * topology builds (see engine/model/plan.ts) with their settings and weights — or, for an ensemble,
 * several such chains from the one input joined by an Average layer — and, with the linear
 * shortcut, a second branch from the input (Flatten → Dense → Reshape) joined to the network's output
 * by an Add layer (`sources` says which layer feeds which). The Keras and ONNX
 * writers both start from this, so "which layers can be exported" is decided once, here.
 *
 * Weights stay in tfjs's layout: per recurrent direction kernel [in, g·u], recurrent kernel [u, g·u],
 * bias [g·u], gates LSTM i,f,c,o and GRU z,r,h with the reset gate applied before the recurrent
 * matmul (Keras's reset_after=False, ONNX's linear_before_reset=0).
 */
import type * as tf from '@tensorflow/tfjs';

export class UnsupportedModelError extends Error {
  override name = 'UnsupportedModelError';
}

export interface Weight {
  shape: number[];
  values: Float32Array;
}

export type RecurrentCell = 'SimpleRNN' | 'LSTM' | 'GRU';

export interface DirectionWeights {
  kernel: Weight;
  recurrentKernel: Weight;
  bias: Weight;
}

export type ChainLayer =
  | { kind: 'input'; name: string; steps: number; features: number }
  | { kind: 'recurrent'; name: string; cell: RecurrentCell; units: number; returnSequences: boolean; bidirectional: boolean; dropout: number; recurrentDropout: number; l2: number; inputSize: number; directions: DirectionWeights[] }
  | { kind: 'dense'; name: string; units: number; kernel: Weight; bias: Weight }
  | { kind: 'reshape'; name: string; targetShape: number[] }
  | { kind: 'cropTop'; name: string; top: number }
  | { kind: 'flatten'; name: string }
  | { kind: 'repeat'; name: string; n: number }
  | { kind: 'average'; name: string }
  | { kind: 'add'; name: string };

export interface LayerChain {
  name: string;
  /** In an order where every layer comes after its sources (tfjs's and Keras's own layer order). */
  layers: ChainLayer[];
  /** The layers feeding each non-input layer, by name: one, or several for a merge (average, add). */
  sources: Record<string, string[]>;
  /** Output shape without the batch dimension. */
  outputShape: number[];
}

type Config = Record<string, unknown>;

function weightOf(variable: tf.LayerVariable): Weight {
  const tensor = variable.read();
  return { shape: [...tensor.shape], values: Float32Array.from(tensor.dataSync() as Float32Array) };
}

function refuse(layer: tf.layers.Layer, why: string): never {
  throw new UnsupportedModelError(`layer '${layer.name}' (${layer.getClassName()}) cannot be exported: ${why}. Only the models RNN Studio builds (SimpleRNN/LSTM/GRU, Bidirectional, Dense, Reshape, Cropping2D, Flatten, RepeatVector, Average, Add) can be.`);
}

function requireSetting(layer: tf.layers.Layer, config: Config, key: string, allowed: unknown[]): void {
  const value = config[key];
  if (value !== undefined && !allowed.includes(value)) refuse(layer, `${key} '${String(value)}' has no equivalent (expected ${allowed.join(' or ')})`);
}

function l2Of(config: Config): number {
  const reg = config.kernelRegularizer as { config?: { l2?: number; l1?: number } } | null | undefined;
  if (reg?.config?.l1) throw new UnsupportedModelError('an L1 penalty cannot be exported');
  return reg?.config?.l2 ?? 0;
}

function recurrentOf(layer: tf.layers.Layer, cellClass: string, config: Config, bidirectional: boolean): ChainLayer {
  if (cellClass !== 'SimpleRNN' && cellClass !== 'LSTM' && cellClass !== 'GRU') refuse(layer, `the wrapped layer is a ${cellClass}`);
  requireSetting(layer, config, 'activation', ['tanh']);
  if (cellClass !== 'SimpleRNN') requireSetting(layer, config, 'recurrentActivation', ['sigmoid']);
  requireSetting(layer, config, 'useBias', [true]);
  requireSetting(layer, config, 'goBackwards', [false]);
  requireSetting(layer, config, 'returnState', [false]);
  requireSetting(layer, config, 'stateful', [false]);
  const weights = layer.weights;
  const perDirection = 3;
  if (weights.length !== perDirection * (bidirectional ? 2 : 1)) refuse(layer, `it has ${weights.length} weight arrays`);
  const directions: DirectionWeights[] = [];
  for (let d = 0; d < weights.length; d += perDirection) {
    directions.push({ kernel: weightOf(weights[d]), recurrentKernel: weightOf(weights[d + 1]), bias: weightOf(weights[d + 2]) });
  }
  return {
    kind: 'recurrent',
    name: layer.name,
    cell: cellClass,
    units: config.units as number,
    returnSequences: config.returnSequences === true,
    bidirectional,
    dropout: (config.dropout as number | undefined) ?? 0,
    recurrentDropout: (config.recurrentDropout as number | undefined) ?? 0,
    l2: l2Of(config),
    inputSize: directions[0].kernel.shape[0],
    directions,
  };
}

function chainLayerOf(layer: tf.layers.Layer): ChainLayer {
  const config = layer.getConfig() as Config;
  const className = layer.getClassName();
  switch (className) {
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU':
      return recurrentOf(layer, className, config, false);
    case 'Bidirectional': {
      requireSetting(layer, config, 'mergeMode', ['concat']);
      const inner = config.layer as { className: string; config: Config };
      return recurrentOf(layer, inner.className, inner.config, true);
    }
    case 'Dense': {
      requireSetting(layer, config, 'activation', ['linear']);
      requireSetting(layer, config, 'useBias', [true]);
      const [kernel, bias] = layer.weights.map(weightOf);
      return { kind: 'dense', name: layer.name, units: config.units as number, kernel, bias };
    }
    case 'Reshape':
      return { kind: 'reshape', name: layer.name, targetShape: [...(config.targetShape as number[])] };
    case 'Cropping2D': {
      requireSetting(layer, config, 'dataFormat', ['channelsLast']);
      const [[top, bottom], [left, right]] = config.cropping as [[number, number], [number, number]];
      if (bottom !== 0 || left !== 0 || right !== 0) refuse(layer, 'only cropping from the top is supported');
      return { kind: 'cropTop', name: layer.name, top };
    }
    case 'Flatten':
      return { kind: 'flatten', name: layer.name };
    case 'RepeatVector':
      return { kind: 'repeat', name: layer.name, n: config.n as number };
    case 'Average':
      return { kind: 'average', name: layer.name };
    case 'Add':
      return { kind: 'add', name: layer.name };
    default:
      return refuse(layer, 'no exporter knows this layer type');
  }
}

const MERGE_CLASSES = new Set(['Average', 'Add']);

function isMergeClass(className: string): boolean {
  return MERGE_CLASSES.has(className);
}

/** Whether a chain layer combines several inputs (and is called on their list in Keras). */
export function isMerge(layer: ChainLayer): boolean {
  return layer.kind === 'average' || layer.kind === 'add';
}

/**
 * Reads a single-input, single-output model whose layers each take the previous one's output (a
 * chain), or whose branches from the input meet in merge layers (an ensemble's Average, the linear
 * shortcut's Add); throws UnsupportedModelError for anything else.
 */
export function readLayerChain(model: tf.LayersModel): LayerChain {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) throw new UnsupportedModelError(`the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; only one of each can be exported`);
  const inputShape = model.inputs[0].shape;
  if (inputShape.length !== 3 || inputShape[1] === null || inputShape[2] === null) throw new UnsupportedModelError(`the model's input shape [${inputShape.join(', ')}] is not [batch, steps, features]`);
  const layers: ChainLayer[] = [];
  const sources: Record<string, string[]> = {};
  const seen = new Set<string>();
  const consumed = new Set<string>();
  for (const layer of model.layers) {
    const inbound = (layer as unknown as { inboundNodes: { inboundLayers: tf.layers.Layer[] }[] }).inboundNodes;
    if (layer.getClassName() === 'InputLayer') {
      if (layers.length) throw new UnsupportedModelError('the model has more than one input layer');
      layers.push({ kind: 'input', name: layer.name, steps: inputShape[1], features: inputShape[2] });
    } else {
      const from = inbound.length === 1 ? inbound[0].inboundLayers.map((l) => l.name) : [];
      const merges = isMergeClass(layer.getClassName());
      const wellFed = from.length > 0 && from.every((name) => seen.has(name) && !consumed.has(name)) && (merges ? from.length >= 2 : from.length === 1);
      if (!wellFed) throw new UnsupportedModelError(`layer '${layer.name}' does not simply follow the layers before it; only a chain of layers (or branches from the input joined by Average or Add) can be exported`);
      layers.push(chainLayerOf(layer));
      sources[layer.name] = from;
      // A chain's layer feeds one layer only; the input feeds every member of an ensemble.
      for (const name of from) if (name !== layers[0].name) consumed.add(name);
    }
    seen.add(layer.name);
  }
  const last = layers[layers.length - 1];
  if (model.outputs[0].sourceLayer.name !== last.name) throw new UnsupportedModelError(`the model's output is not its last layer '${last.name}'`);
  const out = model.outputs[0].shape.slice(1);
  if (out.some((d) => d === null)) throw new UnsupportedModelError('the model output has an unknown dimension');
  return { name: model.name, layers, sources, outputShape: out as number[] };
}
