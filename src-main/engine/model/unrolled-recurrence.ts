/**
 * The recurrence of SimpleRNN, LSTM and GRU as tfjs-layers computes it, with fewer kernels: the input
 * projection x·W + b of every step is one matmul over the whole window, and each step costs only h·U
 * plus the gate arithmetic. Runs on every backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { CellType } from '../spec';

export const GATES: Record<CellType, number> = { rnn: 1, lstm: 4, gru: 3 };

/** Dropout masks, drawn once per window as tfjs does: on the input [batch, features], on h [batch, units]. */
export interface RecurrenceMasks {
  input?: tf.Tensor;
  recurrent?: tf.Tensor;
}

/** Computes a layer direction's output from x [batch, steps, features] and the stock-layout weights. */
export type Recurrence = (cell: CellType, x: tf.Tensor, W: tf.Tensor, U: tf.Tensor, b: tf.Tensor, masks: RecurrenceMasks, returnSequences: boolean) => tf.Tensor;

/**
 * The recurrence over a whole window x [batch, steps, features] from a zero state: the hidden state of
 * every step [batch, steps, units], or of the last one [batch, units].
 */
export function unrolledRecurrence(
  cell: CellType,
  x: tf.Tensor,
  W: tf.Tensor,
  U: tf.Tensor,
  b: tf.Tensor,
  masks: RecurrenceMasks,
  returnSequences: boolean,
): tf.Tensor {
  const [batch, steps, features] = x.shape as [number, number, number];
  const units = U.shape[0];
  const masked = masks.input ? tf.mul(x, tf.expandDims(masks.input, 1)) : x;
  const projected = tf.reshape(tf.add(tf.matMul(tf.reshape(masked, [batch * steps, features]), W), b), [batch, steps, GATES[cell] * units]);
  const perStep = tf.unstack(projected, 1);
  const [uGates, uCandidate] = cell === 'gru' ? tf.split(U, [2 * units, units], 1) : [U, U];

  let h: tf.Tensor = tf.zeros([batch, units]);
  let c: tf.Tensor = tf.zeros([batch, units]);
  const outputs: tf.Tensor[] = [];
  for (let t = 0; t < steps; t++) {
    const hIn = masks.recurrent ? tf.mul(h, masks.recurrent) : h;
    if (cell === 'rnn') {
      h = tf.tanh(tf.add(perStep[t], tf.matMul(hIn, U)));
    } else if (cell === 'lstm') {
      const z = tf.add(perStep[t], tf.matMul(hIn, U));
      // One sigmoid over all four blocks (the c block's is unused) costs fewer kernels than three.
      const [i, f, , o] = tf.split(tf.sigmoid(z), 4, 1);
      const candidate = tf.tanh(tf.slice(z, [0, 2 * units], [batch, units]));
      c = tf.add(tf.mul(f, c), tf.mul(i, candidate));
      h = tf.mul(o, tf.tanh(c));
    } else {
      // z and r are adjacent blocks: one add and one sigmoid for both.
      const [xGates, xh] = tf.split(perStep[t], [2 * units, units], 1);
      const [z, r] = tf.split(tf.sigmoid(tf.add(xGates, tf.matMul(hIn, uGates))), 2, 1);
      const candidate = tf.tanh(tf.add(xh, tf.matMul(tf.mul(r, hIn), uCandidate)));
      // As tfjs: the carried state is the (recurrent-dropout masked) previous state.
      h = tf.add(tf.mul(z, hIn), tf.mul(tf.sub(1, z), candidate));
    }
    outputs.push(h);
  }
  return returnSequences ? tf.stack(outputs, 1) : h;
}
