import { describe, expect, it } from 'vitest';
import { csvCell, forecastToCsv } from '../../../src-main/service/predictions-csv';

const metrics = { mae: 1, rmse: 1, mape: 1, smape: 1, mase: 1 };

describe('forecastToCsv', () => {
  it('writes x then actual/predicted/naive/seasonal naive per target', () => {
    const csv = forecastToCsv({
      runId: 'r1',
      x: ['1960-01-01', '1960-02-01'],
      targets: ['a', 'b'],
      actual: [[1, 10], [2, 20]],
      predicted: [[1.5, 11], [2.5, 21]],
      naive: [[0, 9], [1, 10]],
      seasonalNaive: [[0.5, 8], [1.5, 18]],
      metrics: { model: metrics, naive: metrics, seasonalNaive: metrics },
    });
    expect(csv.trim().split('\n')).toEqual([
      'x,actual_a,actual_b,predicted_a,predicted_b,naive_a,naive_b,seasonal_naive_a,seasonal_naive_b',
      '1960-01-01,1,10,1.5,11,0,9,0.5,8',
      '1960-02-01,2,20,2.5,21,1,10,1.5,18',
    ]);
  });
});

describe('csvCell', () => {
  it('quotes separators and quotes, defuses formulas, keeps negative numbers', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-3.5')).toBe('-3.5');
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell(NaN)).toBe('');
  });
});
