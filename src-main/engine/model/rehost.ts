/**
 * A model loaded from disk is made of the stock tfjs recurrent layers — correct, but 5–10× slower to
 * predict with than the fast cores. `withFastestCore` rebuilds such a model layer for layer on the
 * fastest core the active backend runs (`defaultRecurrentCore`) and copies its weights over; the
 * layouts are the same by construction. Inference only: dropout is not carried over.
 *
 * Anything it does not recognise — a graph other than chains from the input joined by merges (an
 * ensemble's Average, the linear shortcut's Add), a recurrent layer with other
 * activations than ours (tfjs's hardSigmoid default, say), a Bidirectional that does not concatenate —
 * keeps the loaded model unchanged, as does a rebuilt model whose output differs from the loaded one's.
 */
import * as tf from '@tensorflow/tfjs';
import type { CellType, RecurrentCoreId } from '../spec';
import { FastRecurrentLayer } from './fast-recurrent-layer';
import { defaultRecurrentCore, type RecurrentCore } from './recurrent-core';

const CELL_OF_CLASS: Record<string, CellType> = { SimpleRNN: 'rnn', LSTM: 'lstm', GRU: 'gru' };

type Config = tf.serialization.ConfigDict;

export interface RecurrentDescription {
  cell: CellType;
  units: number;
  returnSequences: boolean;
  bidirectional: boolean;
}

/** The recurrent layer a class name + config describes, when it computes what our cores compute. */
export function describeRecurrent(className: string, config: Config): RecurrentDescription | undefined {
  if (className === 'Bidirectional') {
    const inner = config.layer as { className?: string; config?: Config } | undefined;
    if (config.mergeMode !== 'concat' || !inner?.className || !inner.config) return undefined;
    const described = describeRecurrent(inner.className, inner.config);
    return described && !described.bidirectional ? { ...described, bidirectional: true } : undefined;
  }
  const cell = CELL_OF_CLASS[className];
  if (!cell) return undefined;
  const ours = config.activation === 'tanh' && (cell === 'rnn' || config.recurrentActivation === 'sigmoid') && config.useBias !== false;
  const plain = !config.goBackwards && !config.stateful && !config.returnState && (config.implementation ?? 2) !== 0;
  return ours && plain ? { cell, units: config.units as number, returnSequences: config.returnSequences === true, bidirectional: false } : undefined;
}

/** A new layer of the same class and config (its weights are set afterwards). */
function copyLayer(layer: tf.layers.Layer): tf.layers.Layer {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()];
  if (!entry) throw new Error(`no registered class ${layer.getClassName()}`);
  const [cls, fromConfig] = entry;
  return fromConfig(cls, layer.getConfig()) as tf.layers.Layer;
}

/** Layers joining several inputs: an ensemble's Average, the linear shortcut's Add. */
const MERGES = new Set(['Average', 'Add']);

/** Each layer's source layers by name, when every layer is called once and only a merge takes several inputs. */
function simpleGraph(model: tf.LayersModel): Map<string, string[]> | undefined {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return undefined;
  const sources = new Map<string, string[]>();
  for (const layer of model.layers) {
    if (layer.inboundNodes.length !== 1) return undefined;
    const from = layer.inboundNodes[0].inboundLayers.map((l) => l.name);
    if (from.length > 1 && !MERGES.has(layer.getClassName())) return undefined;
    sources.set(layer.name, from);
  }
  return sources;
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

/**
 * `loaded` rebuilt on `core` with the same weights, or `loaded` itself when it cannot be (see above).
 * When a new model is returned, `loaded` has been disposed.
 */
export function withFastestCore(loaded: tf.LayersModel, core: RecurrentCore = defaultRecurrentCore()): tf.LayersModel {
  const sources = simpleGraph(loaded);
  if (!sources) return loaded;
  const [first, ...rest] = loaded.layers;
  if (first.getClassName() !== 'InputLayer') return loaded;
  const recurrent = rest.map((layer) => ({ layer, described: describeRecurrent(layer.getClassName(), layer.getConfig()) }));
  if (!recurrent.some((r) => r.described)) return loaded;
  const RECURRENT = ['SimpleRNN', 'LSTM', 'GRU', 'Bidirectional', 'RNN'];
  if (recurrent.some((r) => !r.described && RECURRENT.includes(r.layer.getClassName()))) return loaded;

  let rebuilt: tf.LayersModel | undefined;
  try {
    const inputShape = loaded.inputs[0].shape;
    const input = tf.input({ shape: inputShape.slice(1) as number[], name: first.name });
    const outputs = new Map<string, tf.SymbolicTensor>([[first.name, input]]);
    for (const { layer, described } of recurrent) {
      const copy = described ? core.createLayer({ name: layer.name, ...described, dropout: 0, recurrentDropout: 0, dropoutSeed: 0 }) : copyLayer(layer);
      const from = (sources.get(layer.name) ?? []).map((name) => outputs.get(name));
      if (from.length === 0 || from.some((t) => !t)) return loaded;
      outputs.set(layer.name, copy.apply(from.length === 1 ? from[0]! : (from as tf.SymbolicTensor[])) as tf.SymbolicTensor);
    }
    const output = outputs.get(loaded.outputs[0].sourceLayer.name);
    if (!output) return loaded;
    rebuilt = tf.model({ inputs: input, outputs: output, name: loaded.name });
    rebuilt.setWeights(loaded.getWeights());
    // A last guard: the same input must give the same output (a handful of small kernels).
    const probeShape = inputShape.map((d) => d ?? 2);
    const probe = tf.randomNormal(probeShape, 0, 1, 'float32', 7);
    const [a, b] = [loaded.predict(probe) as tf.Tensor, rebuilt.predict(probe) as tf.Tensor];
    const diff = maxAbsDiff(a, b);
    tf.dispose([probe, a, b]);
    if (!(diff < 1e-4)) {
      rebuilt.dispose();
      return loaded;
    }
  } catch {
    rebuilt?.dispose();
    return loaded;
  }
  loaded.dispose();
  return rebuilt;
}

/** The core computing a model's recurrent layers (the first one's): what `predict` reports. */
export function recurrentCoreOf(model: tf.LayersModel): RecurrentCoreId {
  const layer = model.layers.find((l) => l instanceof FastRecurrentLayer);
  return layer instanceof FastRecurrentLayer ? layer.coreId : 'tfjs-layers';
}
