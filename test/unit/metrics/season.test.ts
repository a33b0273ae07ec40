import { describe, expect, it } from 'vitest';
import { autocorrelation, chooseSeason, detectSeason } from '../../../src-main/engine/metrics';
import { airlinePassengers } from './airline-values';
import { rng } from '../pipeline/fixtures';

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

describe('autocorrelation', () => {
  it('matches the textbook estimator on a tiny series', () => {
    const x = [1, 2, 3, 4];
    // mean 2.5, deviations -1.5 -0.5 0.5 1.5; c0 = 5; c1 = 0.75 + -0.25 + 0.75 = 1.25
    const acf = autocorrelation(x, 1);
    expect(acf[0]).toBeCloseTo(1, 12);
    expect(acf[1]).toBeCloseTo(1.25 / 5, 12);
  });
});

describe('detectSeason', () => {
  it('finds 12 on monthly airline data (train segment only)', () => {
    expect(detectSeason(airlinePassengers.slice(0, 100))).toBe(12);
  });

  it('finds 24 on a noisy sine with period 24 and a trend', () => {
    const rand = rng(7);
    const series = Array.from({ length: 1400 }, (_, t) => 10 + 0.01 * t + 3 * Math.sin((2 * Math.PI * t) / 24) + 0.8 * gaussian(rand));
    expect(detectSeason(series)).toBe(24);
  });

  it('returns 1 for white noise (no season)', () => {
    const rand = rng(3);
    expect(detectSeason(Array.from({ length: 500 }, () => gaussian(rand)))).toBe(1);
  });

  it('returns 1 for a pure trend and for series too short to judge', () => {
    expect(detectSeason(Array.from({ length: 200 }, (_, t) => 2 * t + 1))).toBe(1);
    expect(detectSeason([1, 2, 1, 2, 1])).toBe(1);
  });

  it('ignores lags beyond maxLag', () => {
    const series = Array.from({ length: 600 }, (_, t) => Math.sin((2 * Math.PI * t) / 50));
    expect(detectSeason(series, 40)).toBe(1);
    expect(detectSeason(series, 100)).toBe(50);
  });
});

describe('chooseSeason', () => {
  it('prefers the configured season, else detects, else says seasonal naive equals naive', () => {
    expect(chooseSeason(airlinePassengers, 7)).toEqual({ season: 7, source: 'configured' });
    expect(chooseSeason(airlinePassengers.slice(0, 100))).toMatchObject({ season: 12, source: 'detected' });
    const rand = rng(5);
    const none = chooseSeason(Array.from({ length: 300 }, () => gaussian(rand)));
    expect(none.season).toBe(1);
    expect(none.note).toMatch(/seasonal naive baseline equals the naive one/);
  });

  it("names the date column's season when the training rows do not bear it out, and why", () => {
    const rand = rng(9);
    const quarterStarts = (n: number): number[] => Array.from({ length: n }, (_, i) => Date.UTC(1959 + Math.floor(i / 4), (i % 4) * 3, 1));
    const noise = chooseSeason(Array.from({ length: 120 }, () => gaussian(rand)), undefined, quarterStarts(120));
    expect(noise).toMatchObject({ season: 1, source: 'none' });
    expect(noise.note).toMatch(/^The date column's frequency suggests season 4, but the training rows do not bear it out \(their detrended autocorrelation at lag 4 is -?0\.\d\d, under the 0\.3 a season needs\)/);
    expect(noise.note).toMatch(/set series\.season to 4 to use it anyway/);
    const short = chooseSeason([1, 3, 2, 5, 4], undefined, quarterStarts(5));
    expect(short.note).toMatch(/suggests season 4, but the training rows hold fewer than two seasons \(5 rows\), too few to confirm it/);
  });
});
