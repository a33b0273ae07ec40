import { describe, expect, test } from 'vitest';
import { handlesFromSegments, nearestPointIndex, splitFromHandles } from '../../../src-renderer/src/lib/split';

describe('split geometry', () => {
  const extent = (rows: number) => ({ firstRow: 0, lastRow: 0, firstX: 0, lastX: 0, rows, windows: rows, points: rows });

  test('handles sit where the engine’s validation and test segments begin, as shares of the forecastable rows', () => {
    // Airline-like: 132 forecastable rows after lookback and differencing, 92 / 22 / 18.
    const [a, b] = handlesFromSegments({ train: extent(92), val: extent(22), test: extent(18) });
    expect(a).toBeCloseTo(92 / 132, 9);
    expect(b).toBeCloseTo(114 / 132, 9);
  });

  test('handles round-trip through the split spec the engine reads', () => {
    const spec = splitFromHandles(0.6, 0.8);
    expect(spec).toEqual({ val: 0.2, test: 0.2 });
    // The engine's segments for that spec on 1000 forecastable rows: 600 / 200 / 200.
    const [a, b] = handlesFromSegments({ train: extent(600), val: extent(200), test: extent(200) });
    expect(splitFromHandles(a, b)).toEqual(spec);
  });

  test('no forecastable rows leaves the handles at the start', () => {
    expect(handlesFromSegments({ train: extent(0), val: extent(0), test: extent(0) })).toEqual([0, 0]);
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
