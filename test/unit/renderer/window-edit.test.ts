import { describe, expect, it } from 'vitest';
import { chartX, nearestIndex, setWindowCell, windowColumn } from '../../../src-renderer/src/lib/windowEdit';

describe('setWindowCell', () => {
  const w = [
    [1, 10],
    [2, 20],
  ];
  it('returns a changed copy and leaves the original alone', () => {
    const next = setWindowCell(w, 1, 0, 5);
    expect(next).toEqual([
      [1, 10],
      [5, 20],
    ]);
    expect(w[1][0]).toBe(2);
    expect(windowColumn(next, 1)).toEqual([10, 20]);
  });
  it('refuses cells outside the window and non-finite values, saying which', () => {
    expect(() => setWindowCell(w, 2, 0, 1)).toThrow('step 2 is outside the window (0–1)');
    expect(() => setWindowCell(w, 0, 3, 1)).toThrow("column 3 is outside the window's 2 columns");
    expect(() => setWindowCell(w, 0, 0, NaN)).toThrow('window cell (0, 0) needs a finite number');
  });
});

describe('nearestIndex', () => {
  it('finds the closest of ascending values, including outside the range', () => {
    expect(nearestIndex([0, 10, 20, 30], 14)).toBe(1);
    expect(nearestIndex([0, 10, 20, 30], 16)).toBe(2);
    expect(nearestIndex([0, 10, 20, 30], -5)).toBe(0);
    expect(nearestIndex([0, 10, 20, 30], 99)).toBe(3);
    expect(nearestIndex([5], 0)).toBe(0);
    expect(nearestIndex([], 0)).toBe(-1);
  });
  it('places dates and row numbers on one numeric axis', () => {
    expect(chartX('2020-01-02T00:00:00Z') - chartX('2020-01-01T00:00:00Z')).toBe(86_400_000);
    expect(chartX(7)).toBe(7);
  });
});
