/**
 * Backpropagation through time checked against central finite differences of the same loss, for a
 * tiny model of each cell, on the native backend in float32. Float32 rounding of a loss near 1 limits
 * a finite difference to about 1e-5 absolute, so the tolerance is 1e-2 relative with a floor of 1e-4.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { buildModel, createRng } from '../../../src-main/engine/model';
import { ModelSpec, type CellType } from '../../../src-main/engine/spec';

const dims = { lookback: 4, horizon: 2, inputFeatures: 2, targets: 1 };

function lossOf(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar;
}

describe('gradients match finite differences', () => {
  beforeAll(async () => {
    await initBackend();
  });

  for (const cell of ['rnn', 'lstm', 'gru'] as CellType[]) {
    it(`${cell}: every variable, sampled entries, to 1e-2 relative (1e-4 absolute floor)`, () => {
      const model = buildModel(ModelSpec.parse({ cell, layers: [{ units: 3 }, { units: 2 }] }), dims, 4);
      const rng = createRng(2);
      const x = tf.tensor3d(Array.from({ length: 3 * 4 * 2 }, () => rng.normal()), [3, 4, 2]);
      const y = tf.tensor3d(Array.from({ length: 3 * 2 }, () => rng.normal()), [3, 2, 1]);
      const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const { value, grads } = tf.variableGrads(() => lossOf(model, x, y), variables);
      value.dispose();
      const eps = 5e-3;
      let checked = 0;
      let substantial = 0;
      for (const variable of variables) {
        const analytic = grads[variable.name].dataSync();
        const original = variable.dataSync().slice();
        // A few entries per variable, spread over the whole tensor.
        const picks = new Set(Array.from({ length: 4 }, () => Math.floor(rng.next() * original.length)));
        for (const index of picks) {
          const at = (delta: number): number => {
            const perturbed = original.slice();
            perturbed[index] += delta;
            variable.assign(tf.tensor(perturbed, variable.shape));
            return tf.tidy(() => lossOf(model, x, y).dataSync()[0]);
          };
          const numeric = (at(eps) - at(-eps)) / (2 * eps);
          variable.assign(tf.tensor(original, variable.shape));
          const scale = Math.max(Math.abs(numeric), Math.abs(analytic[index]), 1e-2);
          if (Math.abs(analytic[index]) > 1e-2) substantial++;
          expect(Math.abs(numeric - analytic[index]) / scale, `${variable.name}[${index}]: analytic ${analytic[index]}, numeric ${numeric}`).toBeLessThan(1e-2);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(10);
      // Enough sizeable gradients that a wrong factor or sign could not hide under the floor.
      expect(substantial).toBeGreaterThanOrEqual(Math.ceil(checked / 4));
      tf.dispose([x, y, ...Object.values(grads)]);
      model.dispose();
    });
  }
});
