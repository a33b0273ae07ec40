/**
 * Adam with its moments kept in Float32Arrays and the update done in one JavaScript loop per variable.
 *
 * tf.train.adam runs ~14 TensorFlow ops per variable plus a scalar tensor for every constant; on the
 * native backend each call costs tens of microseconds, which for a recurrent forecaster (thousands to
 * a few hundred thousand weights) is far more than the arithmetic: ~20% of a SimpleRNN batch. Here a
 * variable costs one read of its gradient and value and one write of the new value.
 *
 * The update is tf.train.adam's, step for step (same defaults: β1 0.9, β2 0.999, ε the backend's
 * epsilon; bias correction through β^t kept as float32 like tfjs's accBeta scalars):
 *   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  w ← w − lr · (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε)
 * computed in double precision per element and stored as float32.
 */
import * as tf from '@tensorflow/tfjs';

interface Moments {
  m: Float32Array;
  v: Float32Array;
}

/** Whether `optimizer` is a HostAdamOptimizer (tf.Optimizer's `instanceof` accepts any optimizer-like object). */
export function isHostAdam(optimizer: tf.Optimizer): optimizer is HostAdamOptimizer {
  return optimizer.constructor === HostAdamOptimizer;
}

export class HostAdamOptimizer extends tf.Optimizer {
  static readonly className = 'HostAdam';
  private accBeta1: number;
  private accBeta2: number;
  private readonly moments = new Map<string, Moments>();

  constructor(
    protected learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = tf.backend().epsilon(),
  ) {
    super();
    this.accBeta1 = Math.fround(beta1);
    this.accBeta2 = Math.fround(beta2);
  }

  applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const entries = Array.isArray(variableGradients) ? variableGradients.map((g) => [g.name, g.tensor] as const) : Object.entries(variableGradients);
    this.applyHostGradients(
      entries.filter(([, gradient]) => gradient != null).map(([name, gradient]) => ({ name, values: gradient.dataSync() as Float32Array })),
      1,
    );
  }

  /**
   * One step from gradients already read into memory (the training loop reads them once for its norms),
   * each multiplied by its own `scale`, or else by `scale`, first (gradient clipping by norm, per
   * ensemble member when members are clipped on their own).
   */
  applyHostGradients(gradients: { name: string; values: Float32Array; scale?: number }[], scale: number): void {
    const { beta1, beta2, epsilon, learningRate } = this;
    const correction1 = Math.fround(1 - this.accBeta1);
    const correction2 = Math.fround(1 - this.accBeta2);
    for (const { name, values: g, scale: own } of gradients) {
      const factor = own ?? scale;
      const variable = tf.engine().registeredVariables[name];
      if (!variable) throw new Error(`HostAdam: no variable named ${name}`);
      if (g.length !== variable.size) throw new Error(`HostAdam: ${name} has ${variable.size} weights but ${g.length} gradient values`);
      const w = Float32Array.from(variable.dataSync() as Float32Array);
      let slot = this.moments.get(name);
      if (!slot) {
        slot = { m: new Float32Array(w.length), v: new Float32Array(w.length) };
        this.moments.set(name, slot);
      }
      const { m, v } = slot;
      for (let i = 0; i < w.length; i++) {
        const gi = Math.fround(g[i] * factor);
        const mi = (m[i] = m[i] * beta1 + gi * (1 - beta1));
        const vi = (v[i] = v[i] * beta2 + gi * gi * (1 - beta2));
        w[i] += ((mi / correction1) / (Math.sqrt(vi / correction2) + epsilon)) * -learningRate;
      }
      const updated = tf.tensor(w, variable.shape, 'float32');
      variable.assign(updated);
      updated.dispose(); // the variable holds its own reference to the data
    }
    this.accBeta1 = Math.fround(this.accBeta1 * beta1);
    this.accBeta2 = Math.fround(this.accBeta2 * beta2);
    this.incrementIterations();
  }

  override dispose(): void {
    this.moments.clear();
    super.dispose();
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
