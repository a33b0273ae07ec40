import { describe, expect, it } from 'vitest';
import { SweepSpec } from '../../../src-main/common/contract';
import { RunConfig } from '../../../src-main/engine/spec';
import { buildSweepSpace, gridSize, parseCandidates, sweepValueOf, sweptFields } from '../../../src-renderer/src/lib/sweepSpace';

describe('sweep candidates', () => {
  it('parses comma or space separated values, dropping duplicates', () => {
    expect(parseCandidates('units', '16, 32 64,32')).toEqual([16, 32, 64]);
    expect(parseCandidates('cell', 'LSTM gru')).toEqual(['lstm', 'gru']);
    expect(parseCandidates('lr', '1e-3, 0.01')).toEqual([0.001, 0.01]);
  });
  it('names the field and the value that is wrong', () => {
    expect(() => parseCandidates('units', '16, 2.5')).toThrow('Units per layer: "2.5" must be a whole number');
    expect(() => parseCandidates('cell', 'lstm transformer')).toThrow(/"transformer" is not a cell/);
    expect(() => parseCandidates('dropout', '0.95')).toThrow(/Dropout: 0.95 is outside/);
    expect(() => parseCandidates('layers', 'two')).toThrow('Layers: "two" is not a number');
    expect(() => parseCandidates('lr', '0')).toThrow(/Learning rate: 0 is outside/);
  });
  it('builds a space the contract accepts and counts the grid', () => {
    const space = buildSweepSpace({ cell: 'lstm,gru', units: '16 32 64' });
    expect(SweepSpec.parse({ mode: 'grid', space }).space).toEqual(space);
    expect(gridSize(space)).toBe(6);
  });
  it('refuses an empty space or a ticked field without values', () => {
    expect(() => buildSweepSpace({})).toThrow(/tick at least one field/);
    expect(() => buildSweepSpace({ lookback: ' ' })).toThrow(/Lookback: enter at least one value/);
  });
});

describe('sweep values of a run', () => {
  it('reads each swept field from the run config', () => {
    const config = RunConfig.parse({
      series: { target: ['y'] },
      window: { lookback: 36 },
      model: { cell: 'gru', layers: [{ units: 24 }, { units: 12 }], dropout: 0.2 },
      train: { optimizer: { kind: 'adam', lr: 0.005 } },
    });
    const values = ['cell', 'units', 'layers', 'lookback', 'lr', 'dropout'].map((f) => sweepValueOf({ config }, f as Parameters<typeof sweepValueOf>[1]));
    expect(values).toEqual(['gru', 24, 2, 36, 0.005, 0.2]);
  });
  it('lists swept fields in a fixed order', () => {
    expect(sweptFields({ lr: [0.1], cell: ['lstm'] })).toEqual(['cell', 'lr']);
  });
});
