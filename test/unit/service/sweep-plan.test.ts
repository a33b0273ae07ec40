import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../src-main/common/contract';
import { RunConfig } from '../../../src-main/engine/spec';
import { applyTrial, planSweep } from '../../../src-main/service/sweep-plan';

const base = RunConfig.parse({
  series: { target: ['y'] },
  window: { lookback: 12 },
  model: { layers: [{ units: 16 }, { units: 8 }] },
  train: { seed: 7 },
});

describe('planSweep', () => {
  it('grid: every combination once, last field fastest', () => {
    const trials = planSweep(base, { mode: 'grid', space: { cell: ['gru', 'rnn'], units: [4, 8] }, trials: 8, concurrency: 2 });
    expect(trials.map((t) => t.values)).toEqual([
      { cell: 'gru', units: 4 },
      { cell: 'gru', units: 8 },
      { cell: 'rnn', units: 4 },
      { cell: 'rnn', units: 8 },
    ]);
    expect(trials[1].config.model.cell).toBe('gru');
    expect(trials[1].config.model.layers).toEqual([{ units: 8 }, { units: 8 }]);
    expect(trials[1].config.train.seed).toBe(7);
  });

  it('random: distinct points, as many as asked, the same for the same seed and different for another', () => {
    const sweep = { mode: 'random' as const, space: { lr: [0.001, 0.003, 0.01, 0.03], lookback: [6, 12, 24], dropout: [0, 0.1] }, trials: 10, concurrency: 2 };
    const first = planSweep(base, sweep).map((t) => JSON.stringify(t.values));
    expect(first).toHaveLength(10);
    expect(new Set(first).size).toBe(10);
    expect(planSweep(base, sweep).map((t) => JSON.stringify(t.values))).toEqual(first);
    const other = planSweep({ ...base, train: { ...base.train, seed: 8 } }, sweep).map((t) => JSON.stringify(t.values));
    expect(other).not.toEqual(first);
  });

  it('random never asks for more trials than the grid has', () => {
    expect(planSweep(base, { mode: 'random', space: { units: [4, 8] }, trials: 50, concurrency: 1 })).toHaveLength(2);
  });

  it('refuses an empty space and an oversized grid with the field', () => {
    expect(() => planSweep(base, { mode: 'grid', space: {}, trials: 1, concurrency: 1 })).toThrow(StudioError);
    const big = { units: Array.from({ length: 15 }, (_, i) => i + 1), lookback: Array.from({ length: 15 }, (_, i) => i + 2) };
    expect(() => planSweep(base, { mode: 'grid', space: big, trials: 1, concurrency: 1 })).toThrow(/225 combinations/);
  });
});

describe('applyTrial', () => {
  it('sets layers count then units, lookback, lr and dropout, and names the trial', () => {
    const config = applyTrial(base, { layers: 3, units: 5, lookback: 24, lr: 0.02, dropout: 0.2 });
    expect(config.model.layers).toEqual([{ units: 5 }, { units: 5 }, { units: 5 }]);
    expect(config.window.lookback).toBe(24);
    expect(config.train.optimizer.lr).toBe(0.02);
    expect(config.model.dropout).toBe(0.2);
    expect(config.name).toBe('layers=3 units=5 lookback=24 lr=0.02 dropout=0.2');
  });

  it('rejects a value of the wrong kind with the sweep field as where', () => {
    try {
      applyTrial(base, { cell: 'transformer' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(StudioError);
      expect((err as StudioError).where).toBe('sweep.space.cell');
    }
    expect(() => applyTrial(base, { units: 'many' })).toThrow(/not a number/);
    expect(() => applyTrial(base, { units: 0 })).toThrow(/model.layers.0.units/);
  });
});
