/**
 * A search's "best" run is a trained forecaster: a run whose validation loss looks lowest but that
 * never beat the untrained network, diverged, failed or was interrupted must never be picked.
 */
import { describe, expect, it } from 'vitest';
import { bestRunOf, describeBestEpoch, isRankable, isUntrained, type RankableRun } from '../../../src-main/engine/spec/run-status';

const run = (id: string, status: RankableRun['status'], bestValLoss?: number, bestEpoch = 3): RankableRun => ({
  id,
  status,
  summary: bestValLoss === undefined ? undefined : { bestValLoss, bestEpoch },
});

describe('bestRunOf', () => {
  it('picks the lowest validation loss among trained runs', () => {
    expect(bestRunOf([run('a', 'completed', 0.3), run('b', 'completed', 0.1), run('c', 'stopped', 0.2)])).toBe('b');
    expect(bestRunOf([run('a', 'completed', 0.3), run('c', 'stopped', 0.2)])).toBe('c');
  });

  it('never picks a no-improvement, diverged, failed or interrupted run, even with the lowest loss', () => {
    const runs = [
      run('untrained', 'no_improvement', 0.01, 0),
      run('diverged', 'diverged', 0.02),
      run('failed', 'failed', 0.03),
      run('interrupted', 'interrupted', 0.04),
      run('trained', 'completed', 0.5),
    ];
    expect(bestRunOf(runs)).toBe('trained');
    expect(bestRunOf(runs.slice(0, 4))).toBeUndefined();
  });

  it('never picks a run whose kept model is the untrained network, whatever its status says', () => {
    expect(bestRunOf([run('epoch0', 'completed', 0.01, 0), run('stopped0', 'stopped', 0.02, 0), run('ok', 'completed', 0.9)])).toBe('ok');
  });

  it('ranks a run with the linear shortcut that kept epoch 0: its model is the fitted linear autoregression, not an untrained network', () => {
    const linear: RankableRun = { id: 'linear', status: 'completed', summary: { bestValLoss: 0.05, bestEpoch: 0, linearShortcut: true } };
    expect(isRankable(linear)).toBe(true);
    expect(bestRunOf([linear, run('epoch0', 'completed', 0.01, 0), run('ok', 'completed', 0.9)])).toBe('linear');
    expect(isUntrained({ bestEpoch: 0, linearShortcut: true })).toBe(false);
    expect(describeBestEpoch({ bestEpoch: 0, epochs: 12, linearShortcut: true })).toBe('the linear autoregression it starts from beat all 12 epoch(s) of the network');
  });

  it('skips runs without a summary or with a non-finite loss, and still-active runs', () => {
    expect(isRankable(run('none', 'completed'))).toBe(false);
    expect(isRankable(run('nan', 'completed', Number.NaN))).toBe(false);
    expect(isRankable(run('live', 'running', 0.1))).toBe(false);
    expect(bestRunOf([run('none', 'completed'), run('nan', 'completed', Number.NaN), run('live', 'running', 0.1)])).toBeUndefined();
  });

  it('keeps the first of equal losses (the order trials finished in)', () => {
    expect(bestRunOf([run('first', 'completed', 0.2), run('second', 'completed', 0.2)])).toBe('first');
  });
});
