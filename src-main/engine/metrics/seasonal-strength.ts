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

function varianceOf(values: number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
}

/**
 * F_S in [0, 1] for the given period: 1 when the detrended series repeats exactly every period, 0 when
 * its seasonal means explain nothing. 0 for a period below 2 or fewer than three periods of data.
 */
export function seasonalStrength(values: ArrayLike<number>, period: number): number {
  const n = values.length;
  if (period < 2 || n < 3 * period) return 0;
  const trend = centredMovingAverage(values, period);
  const detrended: number[] = [];
  const position: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(trend[i])) {
      detrended.push(values[i] - trend[i]);
      position.push(i % period);
    }
  }
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  detrended.forEach((v, j) => {
    sums[position[j]] += v;
    counts[position[j]] += 1;
  });
  const means = Array.from(sums, (s, k) => s / Math.max(1, counts[k]));
  const centre = means.reduce((s, v) => s + v, 0) / period;
  const remainder = detrended.map((v, j) => v - (means[position[j]] - centre));
  const total = varianceOf(detrended);
  if (!(total > 0)) return 0;
  return Math.max(0, 1 - varianceOf(remainder) / total);
}
