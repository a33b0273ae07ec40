/**
 * Strength of seasonality, F_S = max(0, 1 − Var(remainder) / Var(season + remainder)), from a classical
 * additive decomposition (Wang, Smith & Hyndman 2006; the measure R's `forecast::nsdiffs` and
 * `feasts` use to decide seasonal differencing, with the threshold 0.64).
 */

/** Centred moving average of length `period` (2×period for an even period); NaN where it is undefined. */
export function centredMovingAverage(values: ArrayLike<number>, period: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(Number.NaN);
  const half = Math.floor(period / 2);
  const even = period % 2 === 0;
  for (let i = half; i < n - half; i++) {
    let sum = 0;
    if (even) {
      // Half weight on the two ends so the window is centred on i.
      sum += 0.5 * (values[i - half] + values[i + half]);
      for (let k = i - half + 1; k < i + half; k++) sum += values[k];
    } else {
      for (let k = i - half; k <= i + half; k++) sum += values[k];
    }
    out[i] = sum / period;
  }
  return out;
}

/** Population variance (divides by n). */
export function variance(values: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i];
  mean /= values.length;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - mean) ** 2;
  return sum / values.length;
}

/**
 * F_S in [0, 1] for the given period: 1 when the detrended series repeats exactly every period, 0 when
 * its seasonal means explain nothing. 0 for a period below 2 or fewer than three periods of data.
 */
export function seasonalStrength(values: ArrayLike<number>, period: number): number {
  const n = values.length;
  if (period < 2 || n < 3 * period) return 0;
  const trend = centredMovingAverage(values, period);
  // Typed arrays: on a long series (a million rows) arrays of boxed numbers cost several times the data.
  const detrendedAll = new Float64Array(n);
  const positionAll = new Int32Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(trend[i])) {
      detrendedAll[kept] = values[i] - trend[i];
      positionAll[kept] = i % period;
      kept++;
    }
  }
  const detrended = detrendedAll.subarray(0, kept);
  const position = positionAll.subarray(0, kept);
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  for (let j = 0; j < kept; j++) {
    sums[position[j]] += detrended[j];
    counts[position[j]] += 1;
  }
  const means = Array.from(sums, (s, k) => s / Math.max(1, counts[k]));
  const centre = means.reduce((s, v) => s + v, 0) / period;
  const remainder = new Float64Array(kept);
  for (let j = 0; j < kept; j++) remainder[j] = detrended[j] - (means[position[j]] - centre);
  const total = variance(detrended);
  if (!(total > 0)) return 0;
  return Math.max(0, 1 - variance(remainder) / total);
}
