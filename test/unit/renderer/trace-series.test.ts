import { describe, expect, it } from 'vitest';
import { LIVE_POINTS, LIVE_POINTS_SHARED, livePoints, sharedLinePoints } from '../../../src-renderer/src/lib/trace-series';

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

  it('bounds what livePoints hands the chart for each line, packed x0, y0, x1, y1, …', () => {
    const xs = Array.from({ length: 6000 }, (_, i) => i);
    const ys = xs.map((x) => Math.sin(x / 50));
    const perLine = sharedLinePoints(12);
    const packed = livePoints(xs, ys, perLine);
    expect(packed).toBeInstanceOf(Float64Array);
    expect(packed.length).toBe(2 * perLine);
    expect([packed[0], packed[1]]).toEqual([0, 0]);
    expect(packed[packed.length - 2]).toBe(5999);
    // Every point handed over is one of the line's own, x and y together.
    for (let k = 0; k < packed.length; k += 2) expect(packed[k + 1]).toBe(ys[packed[k]]);
  });

  it('packs a short line whole, gaps kept', () => {
    expect([...livePoints([1, 2, 3], [0.5, Number.NaN, 0.25])]).toEqual([1, 0.5, 2, Number.NaN, 3, 0.25]);
    expect(livePoints([], []).length).toBe(0);
  });
});
