import { describe, expect, it } from 'vitest';
import { KPSS_LEVEL_CRITICAL_1PCT, kpssLevelStatistic, withoutSeasonalMeans } from '../../../src-main/engine/metrics';
import { levelWanders } from '../../../src-main/engine/defaults';

const t = Array.from({ length: 100 }, (_, i) => i);

describe('KPSS level statistic', () => {
  // Reference values: statsmodels 0.15 `kpss(y, regression="c", nlags=2)` (2 = floor(3·√100 / 13)).
  it('equals statsmodels on a drifting and on a stationary series', () => {
    expect(kpssLevelStatistic(t.map((i) => Math.sin(i) + 0.05 * i))).toBeCloseTo(3.0390090495307365, 10);
    expect(kpssLevelStatistic(t.map((i) => Math.sin(i * 0.7) + 0.3 * Math.cos(i * 1.3)))).toBeCloseTo(0.029135747327377965, 10);
  });

  it('is 0 for a constant or a single value', () => {
    expect(kpssLevelStatistic([5, 5, 5, 5])).toBe(0);
    expect(kpssLevelStatistic([1])).toBe(0);
  });

  it('removes the mean of each position in the season', () => {
    expect(Array.from(withoutSeasonalMeans([1, 10, 3, 12], 2))).toEqual([-1, -1, 1, 1]);
    expect(Array.from(withoutSeasonalMeans([1, 2], 1))).toEqual([1, 2]);
  });
});

describe('levelWanders', () => {
  const season = 12;
  const seasonal = (i: number) => 10 * Math.sin((2 * Math.PI * i) / season) + Math.sin(i * 0.9);

  it('is true when the level shifts and stays, whatever the season', () => {
    const shifted = Array.from({ length: 144 }, (_, i) => seasonal(i) + (i >= 72 ? 8 : 0));
    expect(kpssLevelStatistic(withoutSeasonalMeans(shifted, season))).toBeGreaterThan(KPSS_LEVEL_CRITICAL_1PCT);
    expect(levelWanders(shifted, season)).toBe(true);
  });

  it('is false for a stable level with a strong season (the season alone would fool the raw test)', () => {
    const stable = Array.from({ length: 144 }, (_, i) => seasonal(i));
    expect(levelWanders(stable, season)).toBe(false);
  });
});
