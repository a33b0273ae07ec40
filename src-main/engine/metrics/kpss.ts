/**
 * The KPSS statistic for level stationarity (Kwiatkowski, Phillips, Schmidt and Shin, 1992), as R's
 * `tseries::kpss.test(null = "Level", lshort = TRUE)` and `forecast::ndiffs` compute it: the squared
 * partial sums of the deviations from the mean, over n² times the long-run variance (Bartlett
 * weights, floor(3·√n / 13) lags). Large values mean the level wanders; 0.739 is the 1% critical value.
 */
export function kpssLevelStatistic(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  // Filled in a loop: Float64Array.from with a map function first collects every value as a boxed number.
  const deviations = new Float64Array(n);
  for (let i = 0; i < n; i++) deviations[i] = values[i] - mean;
  let partial = 0;
  let partialSquares = 0;
  for (let i = 0; i < n; i++) {
    partial += deviations[i];
    partialSquares += partial * partial;
  }
  const lags = Math.floor((3 * Math.sqrt(n)) / 13);
  let longRunVariance = autocovariance(deviations, 0);
  for (let k = 1; k <= lags; k++) longRunVariance += 2 * (1 - k / (lags + 1)) * autocovariance(deviations, k);
  if (!(longRunVariance > 0)) return 0;
  return partialSquares / (n * n * longRunVariance);
}

/** The 1% critical value of the level KPSS statistic. */
export const KPSS_LEVEL_CRITICAL_1PCT = 0.739;

function autocovariance(deviations: Float64Array, lag: number): number {
  let sum = 0;
  for (let i = lag; i < deviations.length; i++) sum += deviations[i] * deviations[i - lag];
  return sum / deviations.length;
}

/** The values less the mean of their position in the season (a stable season removed), for tests on the level alone. */
export function withoutSeasonalMeans(values: ArrayLike<number>, season: number): Float64Array {
  if (season < 2) return Float64Array.from(values);
  const sums = new Float64Array(season);
  const counts = new Float64Array(season);
  for (let i = 0; i < values.length; i++) {
    sums[i % season] += values[i];
    counts[i % season]++;
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] - sums[i % season] / counts[i % season];
  return out;
}
