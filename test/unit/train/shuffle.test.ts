import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src-main/engine/model';
import { shuffledIndices } from '../../../src-main/engine/train';

describe('seeded shuffling', () => {
  it('is a permutation', () => {
    const order = Array.from(shuffledIndices(100, createRng(1)));
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(order).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('repeats for a seed and differs between seeds', () => {
    expect(shuffledIndices(50, createRng(3))).toEqual(shuffledIndices(50, createRng(3)));
    expect(shuffledIndices(50, createRng(3))).not.toEqual(shuffledIndices(50, createRng(4)));
  });

  it('puts every index in every position about equally often', () => {
    const n = 5;
    const trials = 20_000;
    const rng = createRng(9);
    const counts = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let t = 0; t < trials; t++) shuffledIndices(n, rng).forEach((value, position) => counts[position][value]++);
    for (const row of counts) for (const c of row) expect(Math.abs(c / trials - 1 / n)).toBeLessThan(0.02);
  });
});
