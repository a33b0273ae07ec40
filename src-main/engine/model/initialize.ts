/**
 * Seeded weight initialisation, done here rather than by tfjs initialisers so that one seed fixes
 * every weight on every backend, and the two directions of a bidirectional layer differ (the tfjs
 * wrapper would copy one seeded initialiser into both).
 *
 * Kernels: Glorot uniform. Recurrent kernels: orthogonal rows (as Keras does). Biases: zero, except
 * the LSTM forget gate at 1 so the cell remembers by default early in training.
 *
 * With the linear shortcut, its Dense and the network's output Dense(s) start at zero: the untrained
 * model then forecasts exactly the shortcut (which training first sets to the least-squares linear
 * autoregression, engine/train/linear-shortcut-fit.ts), and the network learns the residual.
 */
import * as tf from '@tensorflow/tfjs';
import { SHORTCUT_ADD, SHORTCUT_DENSE, type PlannedLayer } from './plan';
import { createRng, deriveSeed, type Rng } from './random';

/** Above this many multiply-adds, orthogonalisation in plain JS gets slow: fall back to scaled normal. */
const ORTHOGONAL_WORK_LIMIT = 2e9;

export function glorotUniform(rows: number, cols: number, rng: Rng): Float32Array {
  const limit = Math.sqrt(6 / (rows + cols));
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng.next() - 1) * limit;
  return out;
}

/**
 * A rows×cols matrix with orthonormal rows (rows ≤ cols) or columns (rows > cols), by modified
 * Gram–Schmidt on Gaussian vectors.
 */
export function orthogonal(rows: number, cols: number, rng: Rng): Float32Array {
  const count = Math.min(rows, cols);
  const length = Math.max(rows, cols);
  const out = new Float32Array(rows * cols);
  if (count * count * length > ORTHOGONAL_WORK_LIMIT) {
    for (let i = 0; i < out.length; i++) out[i] = rng.normal() / Math.sqrt(length);
    return out;
  }
  const vectors: Float64Array[] = [];
  for (let v = 0; v < count; v++) {
    const vec = new Float64Array(length);
    let norm = 0;
    // A random Gaussian vector is almost never in the span of the previous ones; retry if it is.
    while (norm < 1e-6) {
      for (let i = 0; i < length; i++) vec[i] = rng.normal();
      for (const prev of vectors) {
        let dot = 0;
        for (let i = 0; i < length; i++) dot += vec[i] * prev[i];
        for (let i = 0; i < length; i++) vec[i] -= dot * prev[i];
      }
      norm = Math.sqrt(vec.reduce((sum, x) => sum + x * x, 0));
    }
    for (let i = 0; i < length; i++) vec[i] /= norm;
    vectors.push(vec);
  }
  for (let v = 0; v < count; v++) {
    for (let i = 0; i < length; i++) {
      if (rows <= cols) out[v * cols + i] = vectors[v][i];
      else out[i * cols + v] = vectors[v][i];
    }
  }
  return out;
}

/** Whether a layer's weights start at zero (see the header). */
function startsAtZero(layer: PlannedLayer, withShortcut: boolean): boolean {
  return withShortcut && layer.op === 'dense' && (layer.name === SHORTCUT_DENSE || layer.name.endsWith('dense_out'));
}

function initialValue(weightName: string, shape: number[], layer: PlannedLayer, rng: Rng): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  if (weightName.endsWith('recurrent_kernel')) return orthogonal(shape[0], shape[1], rng);
  if (weightName.endsWith('kernel')) return glorotUniform(shape[0], shape[1], rng);
  const bias = new Float32Array(size);
  if (layer.op === 'recurrent' && layer.cell === 'lstm') bias.fill(1, layer.units, 2 * layer.units);
  return bias;
}

/** Sets every weight of the planned layers from the seed; layers without weights are skipped. */
export function initializeWeights(model: tf.LayersModel, plan: PlannedLayer[], seed: number): void {
  const withShortcut = plan.some((planned) => planned.name === SHORTCUT_ADD);
  plan.forEach((planned, layerIndex) => {
    const layer = model.getLayer(planned.name);
    if (layer.weights.length === 0) return;
    const zero = startsAtZero(planned, withShortcut);
    const values = layer.weights.map((weight, weightIndex) => {
      const shape = weight.shape as number[];
      if (zero) return tf.zeros(shape, 'float32');
      const rng = createRng(deriveSeed(seed, layerIndex, weightIndex));
      return tf.tensor(initialValue(weight.originalName, shape, planned, rng), shape, 'float32');
    });
    layer.setWeights(values);
    tf.dispose(values);
  });
}
