import { describe, expect, it } from 'vitest';
import { coverage, intervalHalfWidths, quantile } from '../../../src-main/engine/metrics';

describe('quantile', () => {
  it('interpolates between order statistics (R type 7)', () => {
    expect(quantile([4, 1, 3, 2, 5], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5], 0.8)).toBeCloseTo(4.2, 12);
    expect(quantile([10], 0.95)).toBe(10);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
  });
});

describe('intervalHalfWidths', () => {
  it('takes each step’s quantile of |residual| and grows the last measured width by √h past it', () => {
    const step1 = [-1, 1, -2, 2, -3, 3, -4, 4, -5, 5];
    const step2 = [1, 2]; // too few residuals for a quantile of its own
    const widths = intervalHalfWidths([step1, step2], 0.8, 4);
    expect(widths[0]).toBeCloseTo(quantile([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], 0.8), 12);
    expect(widths[1]).toBeCloseTo(widths[0] * Math.SQRT2, 12);
    expect(widths[3]).toBeCloseTo(widths[0] * 2, 12);
  });

  it('is NaN where no step has enough residuals', () => {
    expect(intervalHalfWidths([[1, 2]], 0.95).every(Number.isNaN)).toBe(true);
  });
});

describe('coverage', () => {
  it('counts residuals inside their step’s half-width', () => {
    expect(coverage([[0.5, -1.5, 1], [3, -0.1]], [1, 2])).toEqual({ covered: 3, total: 5 });
  });
});
