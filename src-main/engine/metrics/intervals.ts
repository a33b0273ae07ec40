/**
 * Empirical prediction intervals from backtest residuals: for each horizon step, the half-width that
 * covered the given share of the absolute errors the model made at that step on held-out origins
 * (no distribution assumed). Steps with too few residuals borrow the last well-measured step's width,
 * grown like a random walk's (× √(h / h₀)).
 */

/** Fewest residuals a step needs for its own quantile. */
export const MIN_RESIDUALS = 5;

/** The q-quantile (0..1) of values, linear between order statistics (R's type 7). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** Half-width per step (index 0 = one step ahead) covering `level` of |residual| at that step. */
export function intervalHalfWidths(residualsByStep: readonly (readonly number[])[], level: number, steps = residualsByStep.length): number[] {
  const widths: number[] = [];
  let anchor: { step: number; width: number } | undefined;
  for (let h = 0; h < steps; h++) {
    const residuals = (residualsByStep[h] ?? []).filter(Number.isFinite);
    if (residuals.length >= MIN_RESIDUALS) {
      const width = quantile(residuals.map(Math.abs), level);
      anchor = { step: h + 1, width };
      widths.push(width);
    } else if (anchor) {
      widths.push(anchor.width * Math.sqrt((h + 1) / anchor.step));
    } else {
      widths.push(Number.NaN);
    }
  }
  return widths;
}

/** Share of residuals whose absolute value is within the half-width of their step. */
export function coverage(residualsByStep: readonly (readonly number[])[], halfWidths: readonly number[]): { covered: number; total: number } {
  let covered = 0;
  let total = 0;
  residualsByStep.forEach((residuals, h) => {
    for (const r of residuals) {
      if (!Number.isFinite(r) || !Number.isFinite(halfWidths[h])) continue;
      total++;
      if (Math.abs(r) <= halfWidths[h]) covered++;
    }
  });
  return { covered, total };
}
