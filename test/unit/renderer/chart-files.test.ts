import { describe, expect, it } from 'vitest';
import { chartCsv, optionIsEmpty } from '../../../src-renderer/src/lib/chart-files';

describe('chart files', () => {
  it('writes every series as long-format rows under a title line', () => {
    const csv = chartCsv(
      {
        series: [
          { name: 'train', type: 'line', data: [[1, 0.5], [2, 0.25]] },
          { name: '=evil', type: 'line', data: [{ value: ['2024-01', 3] }] },
          { type: 'scatter', data: [7] },
          { name: 'packed', type: 'line', data: new Float64Array([3, 0.125, 4, Number.NaN]) },
        ],
      },
      'Loss · co2 · LSTM 32 · co2.csv',
    );
    expect(csv.split('\n')).toEqual(['# Loss · co2 · LSTM 32 · co2.csv', 'series,x,y', 'train,1,0.5', 'train,2,0.25', "'=evil,2024-01,3", 'scatter,0,7', 'packed,3,0.125', 'packed,4,', '']);
  });

  it('knows an option without points is empty', () => {
    expect(optionIsEmpty({})).toBe(true);
    expect(optionIsEmpty({ series: [{ data: [] }, { data: undefined }] })).toBe(true);
    expect(optionIsEmpty({ series: [{ data: [[0, 1]] }] })).toBe(false);
    expect(optionIsEmpty({ series: [{ data: new Float64Array(0) }] })).toBe(true);
    expect(optionIsEmpty({ series: [{ data: new Float64Array([0, 1]) }] })).toBe(false);
  });
});

describe('z-scores for the multivariate chart', async () => {
  const { zScores } = await import('../../../src-renderer/src/lib/normalise');
  it('centres and scales each column, keeps gaps, zeroes a constant column', () => {
    expect(zScores([1, 3, null])).toEqual([-1, 1, null]);
    expect(zScores([5, 5])).toEqual([0, 0]);
    expect(zScores([null])).toEqual([null]);
  });
});
