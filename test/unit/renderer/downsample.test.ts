import { describe, expect, test } from 'vitest';
import { lttb, lttbIndices } from '../../../src-renderer/src/lib/downsample';
import { downsampleOption } from '../../../src-renderer/src/components/charts/downsample-option';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('lttbIndices', () => {
  test('returns every index when the series is already short enough', () => {
    expect(lttbIndices([0, 1, 2, 3], [5, 6, 7, 8], 10)).toEqual([0, 1, 2, 3]);
  });

  test('keeps exactly `threshold` points, first and last included, strictly increasing', () => {
    const xs = range(10_000);
    const ys = xs.map((x) => Math.sin(x / 50) + 0.01 * ((x * 7919) % 13));
    const picked = lttbIndices(xs, ys, 500);
    expect(picked).toHaveLength(500);
    expect(picked[0]).toBe(0);
    expect(picked[499]).toBe(9999);
    for (let i = 1; i < picked.length; i++) expect(picked[i]).toBeGreaterThan(picked[i - 1]);
  });

  test('keeps a lone spike that uniform striding would skip', () => {
    const xs = range(1000);
    const ys = xs.map((x) => (x === 503 ? 100 : 0));
    const picked = lttbIndices(xs, ys, 50);
    expect(picked).toContain(503);
    // Every 20th point (a uniform stride to 50 points) misses it:
    expect(xs.filter((x) => x % 20 === 0)).not.toContain(503);
  });

  test('picks the bucket point with the largest triangle (hand-computed case)', () => {
    // Buckets for n=5, threshold=3: first point 0, one middle bucket {1,2,3}, last point 4.
    // The next-bucket average is point 4 = (4, 0). Triangle areas with a=(0,0): |(0-4)(y-0) - (0-x)(0-0)| = 4|y|.
    const picked = lttbIndices([0, 1, 2, 3, 4], [0, 1, -3, 2, 0], 3);
    expect(picked).toEqual([0, 2, 4]);
  });

  test('a bucket holding NaN keeps the NaN (divergence must stay visible)', () => {
    const xs = range(2000);
    const ys = xs.map((x) => (x === 1500 ? Number.NaN : Math.cos(x / 30)));
    const picked = lttbIndices(xs, ys, 100);
    expect(picked).toContain(1500);
    expect(picked).toHaveLength(100);
  });

  test('degenerate thresholds', () => {
    expect(lttbIndices(range(10), range(10), 2)).toEqual([0, 9]);
    expect(lttbIndices(range(10), range(10), 1)).toEqual([0]);
  });
});

describe('lttb on pairs and chart options', () => {
  test('lttb maps pairs through the chosen indices; null is treated as a gap', () => {
    const points: Array<[number, number | null]> = range(100).map((x) => [x, x === 40 ? null : x % 7]);
    const out = lttb(points, 20);
    expect(out).toHaveLength(20);
    expect(out[0]).toBe(points[0]);
    expect(out.some((p) => p[1] === null)).toBe(true);
  });

  test('downsampleOption shrinks only long [x, y] series and leaves the rest alone', () => {
    const long = range(12_000).map((x) => [x, Math.sin(x)] as [number, number]);
    const short = range(10).map((x) => [x, x] as [number, number]);
    const option = { xAxis: { type: 'value' }, series: [{ name: 'long', data: long }, { name: 'short', data: short }, { name: 'categories', data: [1, 2, 3] }] };
    const out = downsampleOption(option, 5000) as { series: Array<{ name: string; data: unknown[] }>; xAxis: unknown };
    expect(out.series[0].data).toHaveLength(5000);
    expect(out.series[1].data).toBe(short);
    expect(out.series[2].data).toEqual([1, 2, 3]);
    expect(out.xAxis).toBe(option.xAxis);
    // The caller's option is not mutated.
    expect(option.series[0].data).toHaveLength(12_000);
  });
});
