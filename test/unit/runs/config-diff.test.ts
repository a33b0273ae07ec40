import { describe, expect, it } from 'vitest';
import { diffConfigs } from '../../../src-main/engine/run';
import { csvCell } from '../../../src-main/cli/csv';

describe('diffConfigs', () => {
  it('lists only the leaves that differ, layers by index in numeric order', () => {
    const base = { model: { cell: 'lstm', layers: Array.from({ length: 11 }, () => ({ units: 8 })) }, train: { lr: 0.01 } };
    const other = { model: { cell: 'gru', layers: base.model.layers.map((l, i) => (i === 2 || i === 10 ? { units: 16 } : l)) }, train: { lr: 0.01 } };
    expect(diffConfigs([base, other])).toEqual([
      { path: 'model.cell', values: ['lstm', 'gru'] },
      { path: 'model.layers.2.units', values: [8, 16] },
      { path: 'model.layers.10.units', values: [8, 16] },
    ]);
  });
  it('counts a field one config lacks as different, and identical configs as no difference', () => {
    expect(diffConfigs([{ a: 1, b: [] }, { a: 1 }])).toEqual([{ path: 'b', values: [[], null] }]);
    expect(diffConfigs([{ a: { b: 1 } }, { a: { b: 1 } }])).toEqual([]);
  });
  it('shows a list of plain values as one value: an empty list against a filled one is one row with both lists', () => {
    const weekly = { series: { target: ['co2'], calendar: [] as string[], transforms: [{ kind: 'seasonalDiff', period: 52 }] } };
    const quarterly = { series: { target: ['realgdp'], calendar: ['month'], transforms: [{ kind: 'diff' }] } };
    expect(diffConfigs([weekly, quarterly])).toEqual([
      { path: 'series.calendar', values: [[], ['month']] },
      { path: 'series.target', values: [['co2'], ['realgdp']] },
      { path: 'series.transforms.0.kind', values: ['seasonalDiff', 'diff'] },
      { path: 'series.transforms.0.period', values: [52, null] },
    ]);
  });
});

describe('csvCell', () => {
  it('quotes separators and defuses formulas but keeps negative numbers as numbers', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('-3')).toBe('-3');
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell(NaN)).toBe('');
  });
});
