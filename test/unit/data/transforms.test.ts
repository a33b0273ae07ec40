import { describe, expect, it } from 'vitest';
import {
  applyChain,
  applyTransform,
  boxCox,
  boxCoxLogLikelihood,
  fitBoxCoxLambda,
  inverseBoxCox,
  invertChain,
  invertFuture,
  transformLag,
} from '../../../src-main/engine/data/transforms';
import type { FittedTransform } from '../../../src-main/engine/data';

/** A positive, trending, seasonal series with some noise from a fixed-seed generator. */
function series(length: number): Float64Array {
  let seed = 7;
  const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  return Float64Array.from({ length }, (_, i) => 50 + i * 0.8 + 20 * Math.sin((2 * Math.PI * i) / 12) + random() * 5);
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected[i])));
}

const CASES: FittedTransform[][] = [
  [{ kind: 'log' }],
  [{ kind: 'boxcox', lambda: 0.37 }],
  [{ kind: 'boxcox', lambda: 0 }],
  [{ kind: 'boxcox', lambda: -0.5 }],
  [{ kind: 'diff' }],
  [{ kind: 'seasonalDiff', period: 12 }],
  [{ kind: 'log' }, { kind: 'diff' }, { kind: 'seasonalDiff', period: 12 }],
  [{ kind: 'boxcox', lambda: 0.2 }, { kind: 'seasonalDiff', period: 4 }, { kind: 'diff' }],
];

describe('invertible transforms', () => {
  it.each(CASES.map((steps) => [steps.map((s) => s.kind).join(' → '), steps] as const))('%s round-trips to 1e-9', (_name, steps) => {
    const original = series(60);
    const lag = steps.reduce((sum, s) => sum + transformLag(s), 0);
    const stages = applyChain(original, steps);
    const transformed = stages[stages.length - 1];
    for (let i = 0; i < lag; i++) expect(transformed[i]).toBeNaN();
    // Rebuild everything after the first `lag` rows from the transformed values alone.
    const rebuilt = invertChain(original.subarray(0, Math.max(lag, 0)), transformed.subarray(lag), steps);
    expectClose(rebuilt, original.subarray(lag), 1e-9);
  });

  it('rebuilds forecasts beyond the horizon of a seasonal lag from its own output', () => {
    const original = series(40);
    const step: FittedTransform = { kind: 'seasonalDiff', period: 4 };
    const transformed = applyTransform(original, step);
    // History of 10 values, then 30 future values: more than 7 seasons ahead.
    const rebuilt = invertFuture(original.subarray(0, 10), transformed.subarray(10), step);
    expectClose(rebuilt, original.subarray(10), 1e-9);
  });

  it('computes textbook values', () => {
    expect(Array.from(applyTransform(Float64Array.from([1, 4, 9, 16]), { kind: 'diff' }))).toEqual([Number.NaN, 3, 5, 7]);
    expect(Array.from(applyTransform(Float64Array.from([1, 2, 5, 7, 9]), { kind: 'seasonalDiff', period: 2 }))).toEqual([Number.NaN, Number.NaN, 4, 5, 4]);
    expect(boxCox(4, 0.5)).toBeCloseTo(2, 12); // (√4 − 1) / 0.5
    expect(boxCox(Math.E, 0)).toBeCloseTo(1, 12);
    expect(inverseBoxCox(boxCox(3.3, -1.2), -1.2)).toBeCloseTo(3.3, 12);
  });

  it('fits Box-Cox λ by maximum likelihood, matching scipy.stats.boxcox on the airline series', () => {
    const passengers = [112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140, 145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166, 171, 180, 193, 181, 183, 218, 230, 242, 209, 191, 172, 194, 196, 196, 236, 235, 229, 243, 264, 272, 237, 211, 180, 201, 204, 188, 235, 227, 234, 264, 302, 293, 259, 229, 203, 229, 242, 233, 267, 269, 270, 315, 364, 347, 312, 274, 237, 278, 284, 277, 317, 313, 318, 374, 413, 405, 355, 306, 271, 306, 315, 301, 356, 348, 355, 422, 465, 467, 404, 347, 305, 336, 340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337, 360, 342, 406, 396, 420, 472, 548, 559, 463, 407, 362, 405, 417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432];
    // Reference: scipy.stats.boxcox(values)[1] = 0.1480226858137178.
    expect(fitBoxCoxLambda(passengers)).toBeCloseTo(0.1480226858, 6);
    // And the likelihood is indeed highest there.
    const best = fitBoxCoxLambda(passengers);
    for (const delta of [-0.01, 0.01]) expect(boxCoxLogLikelihood(passengers, best + delta)).toBeLessThan(boxCoxLogLikelihood(passengers, best));
  });

  it('finds λ near the power that makes skewed data symmetric', () => {
    // Squares of symmetric data: the square root (λ = 0.5) undoes them.
    const symmetric = Array.from({ length: 400 }, (_, i) => 20 + 5 * Math.sin(i * 1.7) + 3 * Math.cos(i * 0.31));
    const lambda = fitBoxCoxLambda(symmetric.map((v) => v * v));
    expect(lambda).toBeGreaterThan(0.3);
    expect(lambda).toBeLessThan(0.7);
  });
});
