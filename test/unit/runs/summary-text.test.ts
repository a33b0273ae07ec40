/**
 * The summary `rnn-studio train` prints: the engine's notes about the numbers (the season used, the
 * refit, what validation chose for the linear shortcut) reach the terminal, as they reach the app.
 */
import { describe, expect, it } from 'vitest';
import { summaryText } from '../../../src-main/cli/commands/train';
import { describeShortcutRidge } from '../../../src-main/engine/experiment';
import type { RunSummary } from '../../../src-main/engine/spec';

const metrics = { mae: 1, rmse: 1.5, mape: 2, smape: 2, mase: 0.5 };
const summary = (notes?: string[]): RunSummary => ({
  test: metrics,
  baselines: { naive: { ...metrics, mase: 1 }, seasonalNaive: { ...metrics, mase: 1 } },
  skill: { vsNaive: 0.5, vsSeasonalNaive: 0.5 },
  season: 12,
  epochs: 10,
  bestEpoch: 0,
  linearShortcut: true,
  bestValLoss: 0.1,
  samplesPerSecond: 1000,
  trainSeconds: 2,
  params: 300,
  ...(notes ? { notes } : {}),
});

describe('summaryText', () => {
  it("prints each of the summary's notes on its own line", () => {
    const notes = [describeShortcutRidge(0.01), describeShortcutRidge(Infinity)];
    const text = summaryText(summary(notes));
    expect(text).toContain('note: Linear shortcut: ridge 0.01 per window on standardised lags');
    expect(text).toContain('note: Linear shortcut: validation chose no autoregression; the shortcut is the mean of the training targets');
    // A shortcut run that kept epoch 0 kept the fitted linear model, not an untrained network.
    expect(text).toMatch(/^the linear autoregression it starts from beat all 10 epoch\(s\) of the network/);
    expect(text).not.toMatch(/no skill/);
    expect(summaryText(summary())).not.toContain('note:');
  });
});
