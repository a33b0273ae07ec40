import { describe, expect, it } from 'vitest';
import { batchesPerEpoch, etaSeconds, MIN_BATCHES_FOR_ETA } from '../../../src-main/engine/train/eta';

describe('etaSeconds', () => {
  it('gives no estimate during the warm-up batches', () => {
    for (let done = 0; done < MIN_BATCHES_FOR_ETA; done++) expect(etaSeconds(5, done, 100)).toBeUndefined();
  });

  it('extrapolates the time per batch over the batches left', () => {
    expect(etaSeconds(6, 3, 30)).toBe(54);
    expect(etaSeconds(10, 50, 100)).toBe(10);
    expect(etaSeconds(10, 100, 100)).toBe(0);
  });

  it('counts a last partial batch as a batch', () => {
    expect(batchesPerEpoch(100, 32)).toBe(4);
    expect(batchesPerEpoch(96, 32)).toBe(3);
    expect(batchesPerEpoch(0, 32)).toBe(1);
  });
});
