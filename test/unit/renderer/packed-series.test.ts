import { describe, expect, it } from 'vitest';
import { packSeriesData } from '../../../src-renderer/src/components/charts/packed-series';

const pairs = (n: number): Array<[number, number | null]> => Array.from({ length: n }, (_, i) => [i, i % 10 === 3 ? null : i * 0.5]);

describe('packSeriesData', () => {
  it('flattens long [x, y] lines into one Float64Array, missing values as NaN gaps', () => {
    const option = { series: [{ type: 'line', name: 'a', data: pairs(100) }] };
    const packed = packSeriesData(option) as { series: Array<{ data: Float64Array; name: string }> };
    const data = packed.series[0].data;
    expect(data).toBeInstanceOf(Float64Array);
    expect(data.length).toBe(200);
    expect([data[0], data[1], data[4], data[5]]).toEqual([0, 0, 2, 1]);
    expect(Number.isNaN(data[7])).toBe(true);
    expect(packed.series[0].name).toBe('a');
    // The caller's option (CSV export reads it) is left as it was.
    expect(Array.isArray(option.series[0].data)).toBe(true);
  });

  it('leaves short lines, object points, categories and other series types alone', () => {
    const objects = Array.from({ length: 100 }, (_, i) => ({ value: [i, i], itemStyle: { color: 'red' } }));
    const categories = Array.from({ length: 100 }, (_, i) => [`c${i}`, i]);
    const option = {
      series: [
        { type: 'line', data: pairs(10) },
        { type: 'scatter', data: objects },
        { type: 'line', data: categories },
        { type: 'bar', data: pairs(100) },
      ],
    };
    expect(packSeriesData(option)).toBe(option);
  });
});
