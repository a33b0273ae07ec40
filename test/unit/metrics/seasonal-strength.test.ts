import { describe, expect, it } from 'vitest';
import { centredMovingAverage, seasonalStrength } from '../../../src-main/engine/metrics';
import { airlinePassengers } from './airline-values';
import { gaussian, rng } from '../pipeline/fixtures';

describe('centredMovingAverage', () => {
  it('averages an odd window symmetrically and gives the ends half weight for an even one', () => {
    const odd = centredMovingAverage([1, 2, 3, 4, 5], 3);
    expect(Number.isNaN(odd[0])).toBe(true);
    expect(Array.from(odd.subarray(1, 4))).toEqual([2, 3, 4]);
    // 2×4 MA at i = 2 of 0,4,0,4,0: (0.5·0 + 4 + 0 + 4 + 0.5·0) / 4 = 2.
    expect(centredMovingAverage([0, 4, 0, 4, 0], 4)[2]).toBe(2);
  });
});

describe('seasonalStrength', () => {
  it('is 1 for an exact repeating pattern on a trend and near 0 for white noise', () => {
    const pattern = [3, -1, 2, -4];
    const exact = Array.from({ length: 48 }, (_, t) => 0.5 * t + pattern[t % 4]);
    expect(seasonalStrength(exact, 4)).toBeCloseTo(1, 10);
    const rand = rng(3);
    const noise = Array.from({ length: 240 }, () => gaussian(rand));
    expect(seasonalStrength(noise, 12)).toBeLessThan(0.2);
  });

  it('is strong for the airline passengers (log) and 0 without three seasons of data', () => {
    expect(seasonalStrength(airlinePassengers.slice(0, 100).map(Math.log), 12)).toBeGreaterThan(0.9);
    expect(seasonalStrength(airlinePassengers.slice(0, 30), 12)).toBe(0);
    expect(seasonalStrength(airlinePassengers, 1)).toBe(0);
  });
});
