/**
 * Training an ensemble model (engine/model/plan.ts: K member chains joined by an `ensemble_mean`
 * Average layer) with each member's own loss: the sum over members of their errors, so every member's
 * gradient is the one it would get trained alone. Trained on the average instead, the members would
 * co-adapt into one wide network and lose what makes averaging pay (independent errors).
 */
import * as tf from '@tensorflow/tfjs';
import { ENSEMBLE_MEAN } from '../model/plan';

/** A model sharing `model`'s layers whose outputs are the members' forecasts; undefined for a single network. */
export function memberOutputsModel(model: tf.LayersModel): tf.LayersModel | undefined {
  const mean = model.layers.find((layer) => layer.name === ENSEMBLE_MEAN && layer.getClassName() === 'Average');
  if (!mean || model.outputs.length !== 1 || model.outputs[0] !== mean.output) return undefined;
  const inputs = mean.input;
  if (!Array.isArray(inputs) || inputs.length < 2) return undefined;
  return tf.model({ inputs: model.inputs, outputs: inputs, name: `${model.name}_members` });
}

/**
 * The training loss: the members' summed MSE to optimise, their mean to report (comparable to the
 * validation loss of a single network). Must run inside the caller's gradient scope.
 */
export function memberLosses(outputs: tf.Tensor[], target: tf.Tensor): { optimised: tf.Scalar; reported: tf.Scalar } {
  const losses = outputs.map((predicted) => tf.losses.meanSquaredError(target, predicted) as tf.Scalar);
  const optimised = tf.addN(losses) as tf.Scalar;
  return { optimised, reported: tf.div(optimised, losses.length) as tf.Scalar };
}
