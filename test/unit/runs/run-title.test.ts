import { describe, expect, it } from 'vitest';
import { datasetLabel, runTitle } from '../../../src-main/engine/spec';
import { ModelSpec, WindowSpec } from '../../../src-main/engine/spec';

describe('run titles', () => {
  it('name a run from its dataset, cell, units, lookback and start time', () => {
    const model = ModelSpec.parse({ cell: 'lstm', layers: [{ units: 32 }] });
    const at = new Date(2026, 0, 2, 5, 11);
    expect(runTitle({ model, window: WindowSpec.parse({ lookback: 96 }) }, 'co2.csv', at)).toBe('co2 · LSTM 32 · lookback 96 · 05:11');
    const bi = ModelSpec.parse({ cell: 'gru', layers: [{ units: 64 }, { units: 16 }], bidirectional: true });
    expect(runTitle({ model: bi, window: WindowSpec.parse({ lookback: 12 }) }, '/data/macro.xlsx', at)).toBe('macro · Bi-GRU 64-16 · lookback 12 · 05:11');
  });

  it('calls a dataset by its file name without the extension', () => {
    expect(datasetLabel('airline-passengers.csv')).toBe('airline-passengers');
    expect(datasetLabel('C:\\data\\sunspots.TSV')).toBe('sunspots');
    expect(datasetLabel('notes')).toBe('notes');
  });
});
