import { describe, expect, it } from 'vitest';
import { LIVE_POINTS, LIVE_POINTS_SHARED, sharedLinePoints, toPairs } from '../../../src-renderer/src/lib/trace-series';

describe('sharedLinePoints', () => {
  it('gives a lone line the full live budget', () => {
    expect(sharedLinePoints(1)).toBe(LIVE_POINTS);
    expect(sharedLinePoints(0)).toBe(LIVE_POINTS);
  });

  it('splits the shared budget between many lines, never below a readable minimum', () => {
    // An ensemble of five two-layer members and their heads: 15 lines.
    expect(sharedLinePoints(15)).toBe(Math.floor(LIVE_POINTS_SHARED / 15));
    expect(sharedLinePoints(15) * 15).toBeLessThanOrEqual(LIVE_POINTS_SHARED);
    expect(sharedLinePoints(1000)).toBe(120);
  });

  it('bounds what toPairs hands the chart for each line', () => {
    const xs = Array.from({ length: 6000 }, (_, i) => i);
    const ys = xs.map((x) => Math.sin(x / 50));
    const perLine = sharedLinePoints(12);
    const pairs = toPairs(xs, ys, perLine);
    expect(pairs.length).toBe(perLine);
    expect(pairs[0]).toEqual([0, 0]);
    expect(pairs[pairs.length - 1][0]).toBe(5999);
  });
});
