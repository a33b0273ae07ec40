import * as tf from '@tensorflow/tfjs';
import type { OptimizerSpec } from '../spec';
import { HostAdamOptimizer } from './host-adam';

export function createOptimizer(spec: OptimizerSpec): tf.Optimizer {
  switch (spec.kind) {
    case 'sgd':
      return spec.momentum > 0 ? tf.train.momentum(spec.lr, spec.momentum) : tf.train.sgd(spec.lr);
    case 'adam':
      // tf.train.adam's update with far fewer TensorFlow calls (see host-adam.ts).
      return new HostAdamOptimizer(spec.lr);
    case 'rmsprop':
      return tf.train.rmsprop(spec.lr);
  }
}

/**
 * Changes an optimizer's learning rate between steps. SGD caches the rate as a tensor and offers a
 * setter; Adam and RMSprop read their (protected) `learningRate` field on every step.
 */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const target = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (typeof target.setLearningRate === 'function') target.setLearningRate(lr);
  else target.learningRate = lr;
}
