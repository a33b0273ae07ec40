/**
 * The linear shortcut's starting point (engine/model/plan.ts: `shortcut_dense` over the flattened
 * window): the ridge least-squares autoregression of the training windows' targets on their inputs,
 * in the scaled/transformed space the model sees. With the network's output Dense at zero, the model
 * before its first epoch is exactly this linear model; training then learns what it misses.
 */
import * as tf from '@tensorflow/tfjs';
import { SHORTCUT_DENSE } from '../model/plan';
import type { TrainingBatch } from './types';

/** Past this many window values the normal equations get slow in plain TS: the shortcut trains from zero instead. */
export const MAX_CLOSED_FORM_INPUTS = 1024;

/** Ridge strength per window on standardised columns: enough to make collinear lags solvable, small enough not to bias the fit. */
export const RIDGE_PER_WINDOW = 1e-4;

export interface LinearFit {
  /** [inputs, outputs] row-major, as a Dense kernel. */
  kernel: Float32Array;
  bias: Float32Array;
}

/** In-place Cholesky factor (lower) of the symmetric positive definite n×n `a`; throws if it is not. */
export function choleskyInPlace(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    let diagonal = a[j * n + j];
    for (let k = 0; k < j; k++) diagonal -= a[j * n + k] * a[j * n + k];
    if (!(diagonal > 0)) throw new Error(`matrix is not positive definite (pivot ${j})`);
    const root = Math.sqrt(diagonal);
    a[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = sum / root;
    }
  }
}

/** Solves L·Lᵀ·X = B for the m right-hand sides of B (n×m row-major, overwritten with X). */
export function choleskySolveInPlace(l: Float64Array, n: number, b: Float64Array, m: number): void {
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < n; i++) {
      let sum = b[i * m + c];
      for (let k = 0; k < i; k++) sum -= l[i * n + k] * b[k * m + c];
      b[i * m + c] = sum / l[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = b[i * m + c];
      for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * b[k * m + c];
      b[i * m + c] = sum / l[i * n + i];
    }
  }
}

/**
 * The centred, standardised normal equations of y [count, q] on x [count, p] plus a bias: what every
 * ridge strength shares, so a choice among strengths builds them once.
 */
interface NormalEquations {
  p: number;
  q: number;
  count: number;
  mean: Float64Array;
  yMean: Float64Array;
  /** 1/sd per column of x; 0 for a constant column (it gets no weight). */
  scale: Float64Array;
  /** Standardised XᵀX [p, p] (full, symmetric). */
  xtx: Float64Array;
  /** Standardised Xᵀ(y − ȳ) [p, q]. */
  xty: Float64Array;
}

function normalEquations(x: Float32Array, y: Float32Array, count: number, p: number, q: number): NormalEquations {
  const mean = new Float64Array(p);
  const yMean = new Float64Array(q);
  for (let r = 0; r < count; r++) {
    for (let j = 0; j < p; j++) mean[j] += x[r * p + j];
    for (let c = 0; c < q; c++) yMean[c] += y[r * q + c];
  }
  for (let j = 0; j < p; j++) mean[j] /= count;
  for (let c = 0; c < q; c++) yMean[c] /= count;

  // Centred cross products; standardising is then a rescaling of their rows and columns.
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p * q);
  const row = new Float64Array(p);
  for (let r = 0; r < count; r++) {
    for (let j = 0; j < p; j++) row[j] = x[r * p + j] - mean[j];
    for (let i = 0; i < p; i++) {
      const xi = row[i];
      if (xi === 0) continue;
      for (let j = 0; j <= i; j++) xtx[i * p + j] += xi * row[j];
      for (let c = 0; c < q; c++) xty[i * q + c] += xi * (y[r * q + c] - yMean[c]);
    }
  }
  const scale = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const sd = Math.sqrt(xtx[j * p + j] / count);
    scale[j] = sd > 1e-12 ? 1 / sd : 0;
  }
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      const value = xtx[i * p + j] * scale[i] * scale[j];
      xtx[i * p + j] = value;
      xtx[j * p + i] = value;
    }
    for (let c = 0; c < q; c++) xty[i * q + c] *= scale[i];
  }
  return { p, q, count, mean, yMean, scale, xtx, xty };
}

/** The ridge solution for `ridgePerRow`·count on the standardised columns, in x's own units; Infinity gives the mean alone. */
function solveRidge(eq: NormalEquations, ridgePerRow: number): LinearFit {
  const { p, q, count, mean, yMean, scale } = eq;
  const kernel = new Float32Array(p * q);
  const bias = Float32Array.from(yMean);
  if (!Number.isFinite(ridgePerRow)) return { kernel, bias };
  const a = Float64Array.from(eq.xtx);
  const ridge = ridgePerRow * count;
  for (let i = 0; i < p; i++) a[i * p + i] += ridge;
  const b = Float64Array.from(eq.xty);
  choleskyInPlace(a, p);
  choleskySolveInPlace(a, p, b, q);
  for (let c = 0; c < q; c++) {
    let offset = yMean[c];
    for (let j = 0; j < p; j++) {
      const weight = b[j * q + c] * scale[j];
      kernel[j * q + c] = weight;
      offset -= mean[j] * weight;
    }
    bias[c] = offset;
  }
  return kernel.every(Number.isFinite) && bias.every(Number.isFinite) ? { kernel, bias } : { kernel: new Float32Array(p * q), bias: new Float32Array(q) };
}

/**
 * Least squares of y [count, q] on x [count, p] plus a bias, with a ridge of `ridgePerRow`·count on
 * the standardised columns (constant columns get no weight). Returns the kernel and bias in x's own units.
 */
export function ridgeFit(x: Float32Array, y: Float32Array, count: number, p: number, q: number, ridgePerRow = RIDGE_PER_WINDOW): LinearFit {
  return solveRidge(normalEquations(x, y, count, p, q), ridgePerRow);
}

/**
 * Ridge strengths (per window, on standardised columns) the validation windows choose from. The last,
 * Infinity, is no autoregression at all: the mean of the targets (a drift, once differenced) — what a
 * random walk's best linear forecast is.
 */
export const RIDGE_CANDIDATES: readonly number[] = [RIDGE_PER_WINDOW, 1e-3, 1e-2, 1e-1, 1, 10, Infinity];

/** Mean squared error of `fit` on the windows of `batch`. */
export function linearFitLoss(fit: LinearFit, batch: TrainingBatch): number {
  const count = batch.count;
  const q = fit.bias.length;
  const p = fit.kernel.length / q;
  let sum = 0;
  for (let r = 0; r < count; r++) {
    for (let c = 0; c < q; c++) {
      let predicted = fit.bias[c];
      for (let j = 0; j < p; j++) predicted += batch.x[r * p + j] * fit.kernel[j * q + c];
      const error = predicted - batch.y[r * q + c];
      sum += error * error;
    }
  }
  return sum / (count * q);
}

export interface RidgeChoice {
  /** The strength kept (per window); Infinity: the mean alone. */
  ridge: number;
  /** Validation MSE per candidate of RIDGE_CANDIDATES, in their order. */
  losses: number[];
}

/**
 * The ridge strength of the linear autoregression fitted on `train` that predicts `val` best. A long
 * window on a short series has more lags than the data can pin down (24 lags from 120 windows): the
 * plain least-squares fit follows noise, and the network, which starts from it, cannot undo it.
 * Validation already chooses the epoch count; it chooses this too.
 */
export function chooseRidge(train: TrainingBatch, val: TrainingBatch): RidgeChoice {
  const p = train.xShape[1] * train.xShape[2];
  const q = train.y.length / train.count;
  const eq = normalEquations(train.x, train.y, train.count, p, q);
  const losses = RIDGE_CANDIDATES.map((ridge) => linearFitLoss(solveRidge(eq, ridge), val));
  let best = 0;
  for (let i = 1; i < losses.length; i++) if (losses[i] < losses[best]) best = i;
  return { ridge: RIDGE_CANDIDATES[best], losses };
}

export function hasLinearShortcut(model: tf.LayersModel): boolean {
  return model.layers.some((layer) => layer.name === SHORTCUT_DENSE);
}

/**
 * Sets the model's `shortcut_dense` to the ridge fit on `train`'s windows, its strength `ridge` or,
 * without one, the strength `val`'s windows choose (RIDGE_PER_WINDOW when there are none). Returns the
 * strength used, or a note for the run's message when the fit was skipped (too many window values).
 * A model without the shortcut is left alone.
 */
export function fitLinearShortcut(model: tf.LayersModel, train: TrainingBatch, val?: TrainingBatch, ridge?: number): { ridge?: number; note?: string } {
  if (!hasLinearShortcut(model)) return {};
  const layer = model.getLayer(SHORTCUT_DENSE);
  const [count, lookback, features] = train.xShape;
  const inputs = lookback * features;
  const outputs = train.y.length / count;
  if (inputs > MAX_CLOSED_FORM_INPUTS) {
    return { note: `The linear shortcut was not fitted in closed form (the window holds ${inputs} values, over ${MAX_CLOSED_FORM_INPUTS}); it started at zero and trained with the network.` };
  }
  const strength = ridge ?? (val && val.count > 0 ? chooseRidge(train, val).ridge : RIDGE_PER_WINDOW);
  const fit = ridgeFit(train.x, train.y, count, inputs, outputs, strength);
  const weights = [tf.tensor2d(fit.kernel, [inputs, outputs]), tf.tensor1d(fit.bias)];
  layer.setWeights(weights);
  tf.dispose(weights);
  return { ridge: strength };
}
