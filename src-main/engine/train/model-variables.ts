import type * as tf from '@tensorflow/tfjs';
import { memberOfLayer } from '../model/plan';

const RECURRENT_CLASSES = new Set(['SimpleRNN', 'LSTM', 'GRU', 'Bidirectional', 'RNN']);

/** The trainable variables of a model, each tagged with the top-level layer it belongs to. */
export interface ModelVariables {
  variables: tf.Variable[];
  /** layerOf[i] is the name of the layer owning variables[i]. */
  layerOf: string[];
  /** memberOf[i]: the ensemble member (1-based) owning variables[i]; 0 in a single network. */
  memberOf: number[];
  /** Layers with trainable weights, in model order. */
  layerNames: string[];
  recurrentLayers: string[];
  /** Kernels carrying an L2 regularizer (ModelSpec.l2 on recurrent layers), with its factor. */
  regularized: { variable: tf.Variable; l2: number }[];
}

interface RegularizerConfig {
  className?: string;
  config?: { l2?: number };
}

function l2Of(regularizer: unknown): number {
  const config = (regularizer as RegularizerConfig | null | undefined)?.config;
  return typeof config?.l2 === 'number' ? config.l2 : 0;
}

/** The L2 factors a layer's config declares for its kernels (a Bidirectional wrapper: its inner layer's). */
function kernelL2(layer: tf.layers.Layer): { kernel: number; recurrent: number } {
  let config = layer.getConfig() as Record<string, unknown>;
  const inner = config.layer as { config?: Record<string, unknown> } | undefined;
  if (inner?.config) config = inner.config;
  return { kernel: l2Of(config.kernelRegularizer), recurrent: l2Of(config.recurrentRegularizer) };
}

/**
 * Gradient norms are reported per layer name (`lstm_1`, `dense_out`…): tfjs variable names get
 * uniquifying suffixes when several models live in one process, so grouping goes through the layer
 * objects instead of parsing names.
 */
export function modelVariables(model: tf.LayersModel): ModelVariables {
  const result: ModelVariables = { variables: [], layerOf: [], memberOf: [], layerNames: [], recurrentLayers: [], regularized: [] };
  for (const layer of model.layers) {
    if (layer.trainableWeights.length === 0) continue;
    const recurrent = RECURRENT_CLASSES.has(layer.getClassName());
    const l2 = recurrent ? kernelL2(layer) : { kernel: 0, recurrent: 0 };
    result.layerNames.push(layer.name);
    if (recurrent) result.recurrentLayers.push(layer.name);
    for (const weight of layer.trainableWeights) {
      const variable = weight.read() as tf.Variable;
      result.variables.push(variable);
      result.layerOf.push(layer.name);
      result.memberOf.push(memberOfLayer(layer.name));
      const factor = weight.originalName.endsWith('recurrent_kernel') ? l2.recurrent : weight.originalName.endsWith('kernel') ? l2.kernel : 0;
      if (factor > 0) result.regularized.push({ variable, l2: factor });
    }
  }
  return result;
}

/** A copy of every weight of the model (the caller disposes it). */
export function snapshotWeights(model: tf.LayersModel): tf.Tensor[] {
  return model.weights.map((weight) => weight.read().clone());
}

export function restoreWeights(model: tf.LayersModel, snapshot: tf.Tensor[]): void {
  model.setWeights(snapshot);
}
