/**
 * Each column as z-scores (mean 0, standard deviation 1) so a target in the thousands and a feature
 * in single digits share one axis without flattening either. Missing values stay missing; a constant
 * column becomes zeros. Mean and deviation come from `reference` when given (a zoomed chart keeps
 * the whole series' scale). Display only: the engine's scaler is what the model sees.
 */
export function zScores(values: ReadonlyArray<number | null>, reference: ReadonlyArray<number | null> = values): Array<number | null> {
  const present = reference.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return values.map(() => null);
  const mean = present.reduce((a, b) => a + b, 0) / present.length;
  const sd = Math.sqrt(present.reduce((a, b) => a + (b - mean) ** 2, 0) / present.length);
  return values.map((v) => (v === null || !Number.isFinite(v) ? null : sd > 0 ? (v - mean) / sd : 0));
}
