/**
 * Gradient clipping. The scalar rules are pure functions (tested directly); the tensor versions
 * apply them to a map of gradients and must run inside the caller's tf.tidy.
 */
import * as tf from '@tensorflow/tfjs';

/** √(Σ x²) over every element of every array: the global norm of a set of gradients. */
export function globalNorm(arrays: ArrayLike<number>[]): number {
  let sum = 0;
  for (const values of arrays) for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return Math.sqrt(sum);
}

/** The factor that brings a global norm down to `maxNorm` (1 when it is already within). */
export function clipScaleForNorm(norm: number, maxNorm: number): number {
  return norm > maxNorm ? maxNorm / norm : 1;
}

/**
 * Clip-by-norm scale per group of weights (an ensemble's members are clipped each on its own, so one
 * member's large gradient does not shrink the others' steps): `groupSquares[g]` is the group's Σ g².
 */
export function clipScalesPerGroup(groupSquares: number[], maxNorm: number): number[] {
  return groupSquares.map((squares) => clipScaleForNorm(Math.sqrt(squares), maxNorm));
}

export function clipValue(value: number, limit: number): number {
  return Math.min(limit, Math.max(-limit, value));
}

export function clipGradientsByNorm(grads: tf.NamedTensorMap, norm: number, maxNorm: number): tf.NamedTensorMap {
  const scale = clipScaleForNorm(norm, maxNorm);
  const out: tf.NamedTensorMap = {};
  for (const [name, grad] of Object.entries(grads)) out[name] = scale === 1 ? grad : tf.mul(grad, scale);
  return out;
}

/** Each gradient scaled by its group's factor (`groupOf[name]` indexes `scales`). */
export function clipGradientsByGroup(grads: tf.NamedTensorMap, groupOf: Record<string, number>, scales: number[]): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  for (const [name, grad] of Object.entries(grads)) {
    const scale = scales[groupOf[name] ?? 0] ?? 1;
    out[name] = scale === 1 ? grad : tf.mul(grad, scale);
  }
  return out;
}

export function clipGradientsByValue(grads: tf.NamedTensorMap, limit: number): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  for (const [name, grad] of Object.entries(grads)) out[name] = tf.clipByValue(grad, -limit, limit);
  return out;
}
