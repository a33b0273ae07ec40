/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013): picks `threshold` points that keep a line's
 * visual shape. Returns the indices chosen, in order, so callers can downsample parallel arrays.
 *
 * First and last points are always kept. A bucket that holds a non-finite y (NaN, ±Infinity, a
 * gap) keeps that point, so divergence and gaps never vanish from a chart by being sampled away.
 */
export function lttbIndices(xs: ArrayLike<number>, ys: ArrayLike<number>, threshold: number): number[] {
  const n = Math.min(xs.length, ys.length);
  if (threshold >= n || n <= 2) return Array.from({ length: n }, (_, i) => i);
  if (threshold < 3) return threshold <= 1 ? [0] : [0, n - 1];

  // One array of the final length and no per-bucket tuples: live charts run this on every redraw,
  // and what it allocates is garbage the page's collector must pause for.
  const picked = new Array<number>(threshold);
  picked[0] = 0;
  const bucketSize = (n - 2) / (threshold - 2);
  let a = 0;
  for (let bucket = 0; bucket < threshold - 2; bucket++) {
    const start = Math.floor(bucket * bucketSize) + 1;
    const end = Math.min(Math.floor((bucket + 1) * bucketSize) + 1, n - 1);

    // The anchor for this bucket's triangles: the finite average of the next bucket (or the last point).
    const nextEnd = Math.min(Math.floor((bucket + 2) * bucketSize) + 1, n);
    let sumX = 0;
    let sumY = 0;
    let count = 0;
    for (let i = end; i < nextEnd; i++) {
      if (!Number.isFinite(ys[i])) continue;
      sumX += xs[i];
      sumY += ys[i];
      count++;
    }
    const avgX = count > 0 ? sumX / count : xs[n - 1];
    const avgY = count > 0 ? sumY / count : ys[n - 1];

    let best = start;
    let bestArea = -1;
    let nonFinite = -1;
    const ax = xs[a];
    const ay = ys[a];
    for (let i = start; i < end; i++) {
      if (!Number.isFinite(ys[i])) {
        nonFinite = i;
        break;
      }
      const area = Math.abs((ax - avgX) * (ys[i] - ay) - (ax - xs[i]) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    const choice = nonFinite >= 0 ? nonFinite : best;
    picked[bucket + 1] = choice;
    // A non-finite anchor would poison the next bucket's areas; anchor on the last finite pick instead.
    if (Number.isFinite(ys[choice])) a = choice;
  }
  picked[threshold - 1] = n - 1;
  return picked;
}

export type Point = [number, number];

/** Downsamples [x, y] pairs to at most `threshold` points with LTTB. */
export function lttb<P extends readonly [number, number | null]>(points: readonly P[], threshold: number): P[] {
  if (points.length <= threshold) return points.slice();
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => (p[1] === null ? Number.NaN : p[1]));
  return lttbIndices(xs, ys, threshold).map((i) => points[i]);
}
