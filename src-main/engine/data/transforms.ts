import type { TransformSpec } from '../spec';
import type { FittedTransform } from './preprocessing-record';

/** Rows a transform consumes at the start of the series (differencing needs earlier values). */
export function transformLag(step: FittedTransform | TransformSpec): number {
  if (step.kind === 'diff') return 1;
  if (step.kind === 'seasonalDiff') return step.period;
  return 0;
}

/** Box-Cox of one positive value; λ = 0 is the log. */
export function boxCox(x: number, lambda: number): number {
  return Math.abs(lambda) < 1e-12 ? Math.log(x) : (Math.pow(x, lambda) - 1) / lambda;
}

export function inverseBoxCox(y: number, lambda: number): number {
  return Math.abs(lambda) < 1e-12 ? Math.exp(y) : Math.pow(lambda * y + 1, 1 / lambda);
}

/** Box-Cox profile log-likelihood (up to a constant): −n/2·ln σ²(λ) + (λ − 1)·Σ ln x. */
export function boxCoxLogLikelihood(values: ArrayLike<number>, lambda: number): number {
  const n = values.length;
  let mean = 0;
  let sumLog = 0;
  const transformed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    transformed[i] = boxCox(values[i], lambda);
    mean += transformed[i];
    sumLog += Math.log(values[i]);
  }
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (transformed[i] - mean) ** 2;
  variance /= n;
  return (-n / 2) * Math.log(variance) + (lambda - 1) * sumLog;
}

/** λ maximising the Box-Cox likelihood over [−5, 5]: a coarse grid, then golden-section search around the best point. */
export function fitBoxCoxLambda(values: ArrayLike<number>): number {
  const f = (lambda: number): number => boxCoxLogLikelihood(values, lambda);
  const step = 0.05;
  let best = -5;
  let bestValue = -Infinity;
  for (let lambda = -5; lambda <= 5 + 1e-9; lambda += step) {
    const value = f(lambda);
    if (value > bestValue) {
      bestValue = value;
      best = lambda;
    }
  }
  let [lo, hi] = [best - step, best + step];
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = hi - ratio * (hi - lo);
  let d = lo + ratio * (hi - lo);
  let fc = f(c);
  let fd = f(d);
  while (hi - lo > 1e-10) {
    if (fc > fd) {
      hi = d;
      d = c;
      fd = fc;
      c = hi - ratio * (hi - lo);
      fc = f(c);
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + ratio * (hi - lo);
      fd = f(d);
    }
  }
  return (lo + hi) / 2;
}

/** Applies one fitted transform to a whole series; differencing leaves NaN in the first `lag` rows. */
export function applyTransform(values: Float64Array, step: FittedTransform): Float64Array {
  const out = new Float64Array(values.length);
  switch (step.kind) {
    case 'log':
      for (let i = 0; i < values.length; i++) out[i] = values[i] > 0 ? Math.log(values[i]) : Number.NaN;
      return out;
    case 'boxcox':
      for (let i = 0; i < values.length; i++) out[i] = values[i] > 0 ? boxCox(values[i], step.lambda) : Number.NaN;
      return out;
    case 'diff':
    case 'seasonalDiff': {
      const lag = transformLag(step);
      for (let i = 0; i < values.length; i++) out[i] = i >= lag ? values[i] - values[i - lag] : Number.NaN;
      return out;
    }
  }
}

/** The series before each step and after the last: stages[0] = values, stages[k+1] = step k applied to stages[k]. */
export function applyChain(values: Float64Array, steps: FittedTransform[]): Float64Array[] {
  const stages = [values];
  for (const step of steps) stages.push(applyTransform(stages[stages.length - 1], step));
  return stages;
}

/**
 * Undoes one step for values that follow a known history: `history` holds the series before the step
 * (at least `lag` values, ending right before the first future value), `future` the transformed values.
 */
export function invertFuture(history: ArrayLike<number>, future: ArrayLike<number>, step: FittedTransform): Float64Array {
  const out = new Float64Array(future.length);
  switch (step.kind) {
    case 'log':
      for (let i = 0; i < future.length; i++) out[i] = Math.exp(future[i]);
      return out;
    case 'boxcox':
      for (let i = 0; i < future.length; i++) out[i] = inverseBoxCox(future[i], step.lambda);
      return out;
    case 'diff':
    case 'seasonalDiff': {
      const lag = transformLag(step);
      if (history.length < lag) throw new Error(`undoing ${step.kind} needs ${lag} earlier value(s), got ${history.length}`);
      const earlier = (i: number): number => (i - lag >= 0 ? out[i - lag] : history[history.length + i - lag]);
      for (let i = 0; i < future.length; i++) out[i] = future[i] + earlier(i);
      return out;
    }
  }
}

/**
 * Undoes a whole chain for future values: `originalHistory` is the untransformed series up to the
 * forecast origin (enough rows for every lag), `future` the fully transformed values after it.
 */
export function invertChain(originalHistory: Float64Array, future: ArrayLike<number>, steps: FittedTransform[]): Float64Array {
  const stages = applyChain(originalHistory, steps);
  let values: Float64Array<ArrayBufferLike> = Float64Array.from(future);
  for (let k = steps.length - 1; k >= 0; k--) values = invertFuture(stages[k], values, steps[k]);
  return values;
}
