/**
 * Training an ensemble model (engine/model/plan.ts: K member chains joined by an `ensemble_mean`
 * Average layer) with each member's own loss: the sum over members of their errors, so every member's
 * gradient is the one it would get trained alone. Trained on the average instead, the members would
 * co-adapt into one wide network and lose what makes averaging pay (independent errors).
 *
 * With the linear shortcut (one term shared by all members, added after the mean), member k's
 * forecast is its own output plus the shortcut: each member learns the residual of the same linear model.
 */
import * as tf from '@tensorflow/tfjs';
import { ENSEMBLE_MEAN, SHORTCUT_ADD, SHORTCUT_RESHAPE } from '../model/plan';

/** The shortcut term the model's output adds to `network` (the ensemble mean), if it has one. */
function shortcutTerm(model: tf.LayersModel, network: tf.SymbolicTensor): tf.SymbolicTensor | undefined {
  const add = model.layers.find((layer) => layer.name === SHORTCUT_ADD && layer.getClassName() === 'Add');
  if (!add || model.outputs[0] !== add.output) return undefined;
  const inputs = add.input;
  if (!Array.isArray(inputs) || inputs.length !== 2 || inputs[0] !== network || inputs[1].sourceLayer.name !== SHORTCUT_RESHAPE) return undefined;
  return inputs[1];
}

/** A model sharing `model`'s layers whose outputs are the members' forecasts; undefined for a single network. */
export function memberOutputsModel(model: tf.LayersModel): tf.LayersModel | undefined {
  const mean = model.layers.find((layer) => layer.name === ENSEMBLE_MEAN && layer.getClassName() === 'Average');
  if (!mean || model.outputs.length !== 1) return undefined;
  const inputs = mean.input;
  if (!Array.isArray(inputs) || inputs.length < 2) return undefined;
  if (model.outputs[0] === mean.output) return tf.model({ inputs: model.inputs, outputs: inputs, name: `${model.name}_members` });
  const shortcut = shortcutTerm(model, mean.output as tf.SymbolicTensor);
  if (!shortcut) return undefined;
  // Weightless Add layers of this training model only: the saved model keeps its one shortcut_add.
  const outputs = inputs.map((member) => tf.layers.add().apply([member, shortcut]) as tf.SymbolicTensor);
  return tf.model({ inputs: model.inputs, outputs, name: `${model.name}_members` });
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
