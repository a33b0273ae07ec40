import { describe, expect, it } from 'vitest';
import { metricsRows } from '../../../src-renderer/src/lib/metricsRows';

const m = (mase: number) => ({ mae: 1, rmse: 2, mape: 3, smape: 4, mase });

describe('metricsRows', () => {
  it('gives the model skill against each baseline as 1 − MASE ratio', () => {
    const rows = metricsRows({ model: m(0.5), naive: m(1), seasonalNaive: m(0.25) });
    expect(rows.map((r) => r.skill)).toEqual([null, 0.5, -1]);
  });
  it('leaves skill empty when a baseline MASE is zero', () => {
    expect(metricsRows({ model: m(0.5), naive: m(0), seasonalNaive: m(1) })[1].skill).toBeNull();
  });
});

describe('tooltipValue', () => {
  it('shows 4 significant digits, exponents for extremes, and passes text through', async () => {
    const { tooltipValue } = await import('../../../src-renderer/src/lib/seriesColors');
    expect(tooltipValue(0.9118583863040051)).toBe('0.9119');
    expect(tooltipValue(539.8695143169743)).toBe('539.9');
    expect(tooltipValue(0.0000123)).toBe('1.230e-5');
    expect(tooltipValue(null)).toBe('—');
    expect(tooltipValue('lstm')).toBe('lstm');
  });
});
