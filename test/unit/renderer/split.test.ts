import { describe, expect, test } from 'vitest';
import { nearestPointIndex, splitBoundaries, splitFromHandles, splitHandles } from '../../../src-renderer/src/lib/split';

describe('split geometry', () => {
  test('fractions become chronological row boundaries', () => {
    expect(splitBoundaries({ val: 0.15, test: 0.15 }, 1000)).toEqual({ trainEnd: 700, valEnd: 850, rows: 1000 });
  });

  test('values of 1 or more are row counts', () => {
    expect(splitBoundaries({ val: 100, test: 50 }, 1000)).toEqual({ trainEnd: 850, valEnd: 950, rows: 1000 });
  });

  test('oversized counts are capped by the rows there are', () => {
    expect(splitBoundaries({ val: 800, test: 500 }, 1000)).toEqual({ trainEnd: 0, valEnd: 500, rows: 1000 });
  });

  test('handles round-trip through the split spec', () => {
    const spec = splitFromHandles(0.6, 0.8);
    expect(spec).toEqual({ val: 0.2, test: 0.2 });
    const [a, b] = splitHandles(spec, 1000);
    expect(a).toBeCloseTo(0.6, 6);
    expect(b).toBeCloseTo(0.8, 6);
  });

  test('handles dragged past each other or to the edges still leave every segment at least 1 %', () => {
    const crossed = splitFromHandles(0.9, 0.5);
    expect(crossed).toEqual({ val: 0.4, test: 0.1 });
    const squeezed = splitFromHandles(1, 1);
    expect(squeezed.val).toBeGreaterThanOrEqual(0.01);
    expect(squeezed.test).toBeGreaterThanOrEqual(0.01);
    expect(1 - squeezed.val - squeezed.test).toBeGreaterThanOrEqual(0.0099);
    const zero = splitFromHandles(0, 0);
    expect(1 - zero.val - zero.test).toBeCloseTo(0.01, 6);
  });

  test('nearestPointIndex finds the drawn point closest to a row', () => {
    const rows = [0, 10, 20, 30];
    expect(nearestPointIndex(rows, -5)).toBe(0);
    expect(nearestPointIndex(rows, 14)).toBe(1);
    expect(nearestPointIndex(rows, 16)).toBe(2);
    expect(nearestPointIndex(rows, 99)).toBe(3);
    expect(nearestPointIndex([], 3)).toBe(-1);
  });
});
