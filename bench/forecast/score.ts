/** Scores for the forecasting benchmark: every method is scored on the same rows the same way. */

/** Mean absolute percentage error, in percent. */
export function mape(actual: number[], predicted: number[]): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs((actual[i] - predicted[i]) / actual[i]);
  return (100 * sum) / actual.length;
}

export function mae(actual: number[], predicted: number[]): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(actual[i] - predicted[i]);
  return sum / actual.length;
}

/** MASE scaled by seasonal naive's error on the same rows: below 1 beats seasonal naive. */
export function relativeMase(actual: number[], predicted: number[], seasonalNaive: number[]): number {
  return mae(actual, predicted) / mae(actual, seasonalNaive);
}

/** Rank of each method per series (1 = lowest MASE, ties share the mean rank), averaged over series. */
export function meanRanks(perSeries: Record<string, number>[]): Record<string, number> {
  const totals: Record<string, { sum: number; count: number }> = {};
  for (const scores of perSeries) {
    const entries = Object.entries(scores).filter(([, v]) => Number.isFinite(v));
    for (const [method, value] of entries) {
      const below = entries.filter(([, v]) => v < value).length;
      const equal = entries.filter(([, v]) => v === value).length;
      const rank = below + (equal + 1) / 2;
      totals[method] ??= { sum: 0, count: 0 };
      totals[method].sum += rank;
      totals[method].count += 1;
    }
  }
  return Object.fromEntries(Object.entries(totals).map(([m, t]) => [m, t.sum / t.count]));
}

export function meanAndSd(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, sd };
}
