import { describe, expect, it } from 'vitest';
import { knownAfterFeatureChange, looksKnownInAdvance } from '../../../src-main/engine/spec';

const stats: Record<string, { min: number; max: number; distinct: number }> = {
  WorkDay: { min: 0, max: 1, distinct: 2 },
  Temperature: { min: 11, max: 43, distinct: 180 },
  Promo: { min: 0, max: 2, distinct: 3 },
};

describe('suggesting features known in advance', () => {
  it('a 0/1 flag looks known in advance; a measured or multi-valued column does not', () => {
    expect(looksKnownInAdvance(stats.WorkDay)).toBe(true);
    expect(looksKnownInAdvance(stats.Temperature)).toBe(false);
    expect(looksKnownInAdvance(stats.Promo)).toBe(false);
  });

  it('suggests newly added flags, keeps the user’s choices for remaining features and drops removed ones', () => {
    expect(knownAfterFeatureChange({ features: [] }, ['WorkDay', 'Temperature'], (c) => stats[c])).toEqual(['WorkDay']);
    // The user unmarked WorkDay and marked Temperature: adding another column does not undo that.
    expect(knownAfterFeatureChange({ features: ['WorkDay', 'Temperature'], knownInAdvance: ['Temperature'] }, ['WorkDay', 'Temperature', 'Promo'], (c) => stats[c])).toEqual(['Temperature']);
    expect(knownAfterFeatureChange({ features: ['WorkDay', 'Temperature'], knownInAdvance: ['WorkDay', 'Temperature'] }, ['Temperature'], (c) => stats[c])).toEqual(['Temperature']);
  });
});
