import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { loadTableFile, parseTable, SAMPLE_DATASET_PATH, type Table } from '../../../src-main/engine/data';
import { calendarAfterDifferencing, calendarConfirmed, chooseBatchSize, chooseEnsemble, chooseLinearShortcut, chooseUnits, chooseEpochs, chooseLookback, chooseMinEpochs, choosePatience, chooseSchedule, chooseTransforms, epochCost, seasonForLookback, seasonalStepPays, suggestConfig, wantsDiff, wantsLog, wantsSeasonalDiff } from '../../../src-main/engine/defaults';
import { runExperiment } from '../../../src-main/engine/experiment';
import type { RunSummary } from '../../../src-main/engine/spec';
import { airlinePassengers } from '../metrics/airline-values';
import { seasonalSeries } from './fixtures';

// Real training with the suggested configs: generous timeouts so a busy machine does not fail them.
const TRAINING_TIMEOUT = 600_000;

function syntheticTable(): Promise<Table> {
  const csv = ['t,value', ...seasonalSeries(2000).map((v, t) => `${t},${v.toFixed(4)}`)].join('\n');
  return parseTable('synthetic-seasonal.csv', csv);
}

async function trainSuggested(table: Table, target: string): Promise<RunSummary> {
  const config = suggestConfig(table, [target]);
  const result = await runExperiment({ table, config, onEvent: () => undefined });
  result.model.dispose();
  expect(result.status).toBe('completed');
  if (!result.summary) throw new Error('no summary');
  return result.summary;
}

beforeAll(async () => {
  await initBackend();
});

describe('the small choices', () => {
  it('the learning rate decays (cosine) for the smallest batches and stays constant for larger ones', () => {
    expect(chooseSchedule(chooseBatchSize(76))).toEqual({ kind: 'cosine', minFactor: 0.01 });
    expect(chooseSchedule(8)).toEqual({ kind: 'cosine', minFactor: 0.01 });
    expect(chooseSchedule(16)).toEqual({ kind: 'constant' });
    expect(chooseSchedule(chooseBatchSize(2000))).toEqual({ kind: 'constant' });
  });

  it('the linear shortcut for short series (the smallest batches), not for long ones', () => {
    expect(chooseLinearShortcut(chooseBatchSize(76))).toBe(true);
    expect(chooseLinearShortcut(chooseBatchSize(245))).toBe(true);
    expect(chooseLinearShortcut(chooseBatchSize(900))).toBe(false);
    expect(chooseLinearShortcut(chooseBatchSize(2000))).toBe(false);
    expect(chooseUnits(true)).toBe(16);
    expect(chooseUnits(false)).toBe(32);
  });

  it('lookback is about two seasons, clamped to 12..96 and to what the data affords', () => {
    expect(chooseLookback(144, 12)).toBe(24);
    expect(chooseLookback(2000, 24)).toBe(48);
    expect(chooseLookback(5000, 168)).toBe(96);
    expect(chooseLookback(2000, 1)).toBe(24);
    expect(chooseLookback(2000, 4)).toBe(12);
    expect(chooseLookback(40, 12)).toBe(7);
  });

  it('a cycle only the autocorrelation found, longer than any window, does not size the lookback; a calendar one does', () => {
    expect(seasonForLookback(127, false)).toBe(1);
    expect(seasonForLookback(96, false)).toBe(96);
    expect(seasonForLookback(168, true)).toBe(168);
    expect(chooseLookback(3000, seasonForLookback(127, false))).toBe(24);
  });

  it('log for growing multiplicative seasonality only; diff for strong trends', () => {
    expect(wantsLog(airlinePassengers.slice(0, 100), 12)).toBe(true);
    expect(wantsLog(seasonalSeries(1400), 24)).toBe(false);
    expect(wantsLog([...airlinePassengers.slice(0, 99), 0], 12)).toBe(false);
    expect(wantsDiff(airlinePassengers.slice(0, 100).map(Math.log))).toBe(true);
    expect(wantsDiff(seasonalSeries(1400))).toBe(true);
    expect(wantsDiff(seasonalSeries(1400).map((v, t) => v - 0.01 * t))).toBe(false);
  });

  it('seasonal difference only for a strong season with three seasons of data', () => {
    const logAirline = airlinePassengers.slice(0, 100).map(Math.log);
    expect(wantsSeasonalDiff(logAirline, 12)).toBe(true);
    expect(wantsSeasonalDiff(logAirline.slice(0, 30), 12)).toBe(false);
    expect(wantsSeasonalDiff(logAirline, 1)).toBe(false);
    // A random walk has no season to remove.
    let level = 0;
    const walk = Array.from({ length: 200 }, (_, t) => (level += Math.sin(t * 12.9898) * 43758.5453 % 1));
    expect(wantsSeasonalDiff(walk, 12)).toBe(false);
  });

  it('transforms: log, then for a trend a seasonal difference where last season\'s step predicts, then a difference only for a trend that is left', () => {
    expect(chooseTransforms(airlinePassengers.slice(0, 100), 12)).toEqual([{ kind: 'log' }, { kind: 'seasonalDiff', period: 12 }]);
    // A strong season (F_S > 0.64) whose step is small against the noise: a difference. Trained with the
    // suggested LSTM, test MAE 0.73 differenced, 0.93 seasonally differenced (naive 1.06).
    expect(chooseTransforms(seasonalSeries(1400), 24)).toEqual([{ kind: 'diff' }]);
    expect(chooseTransforms(seasonalSeries(1400), 1)).toEqual([{ kind: 'diff' }]);
    // A strong season without a trend keeps its levels.
    expect(chooseTransforms(seasonalSeries(1400).map((v, t) => v - 0.01 * t), 24)).toEqual([]);
  });

  it('a seasonal difference must pay on the training rows: last season\'s step beats the last value alone', () => {
    const logAirline = airlinePassengers.slice(0, 100).map(Math.log);
    expect(seasonalStepPays(logAirline, 12)).toBe(true);
    expect(seasonalStepPays(seasonalSeries(1400), 24)).toBe(false);
    // A season that steps far more than the noise pays, whatever the noise's seed.
    const clean = Array.from({ length: 240 }, (_, t) => 0.05 * t + 10 * Math.sin((2 * Math.PI * t) / 12) + 0.1 * Math.cos(7 * t));
    expect(seasonalStepPays(clean, 12)).toBe(true);
  });

  it('batch: the largest power of two (8..256) that leaves about 16 updates an epoch', () => {
    expect(chooseBatchSize(76)).toBe(8);
    expect(chooseBatchSize(255)).toBe(8);
    expect(chooseBatchSize(300)).toBe(16);
    expect(chooseBatchSize(1352)).toBe(64);
    expect(chooseBatchSize(100_000)).toBe(256);
  });

  it('an epoch costs updates × (fixed cost + batch) × lookback; epochs fit the work budget for all members', () => {
    // The airline sample: 76 windows, 10 updates of batch 8 at lookback 24 an epoch.
    expect(epochCost(76, 24, 8)).toBe(10 * (32 + 8) * 24);
    expect(chooseEpochs(76, 24, 8)).toBe(400);
    expect(chooseEpochs(76, 24, 8, 5)).toBe(104);
    expect(chooseEpochs(1352, 48, 32)).toBeLessThan(chooseEpochs(1352, 24, 32));
    expect(chooseEpochs(1_000_000, 96, 256)).toBe(10);
  });

  it('patience counts updates (at least 10 epochs); the minimum epochs are 30 updates', () => {
    expect(choosePatience(76, 8)).toBe(30);
    expect(choosePatience(100_000, 256)).toBe(10);
    expect(chooseMinEpochs(76, 8, 104)).toBe(3);
    expect(chooseMinEpochs(100_000, 256, 10)).toBe(1);
    // Never more than the run has.
    expect(chooseMinEpochs(76, 8, 2)).toBe(2);
  });

  it('calendar covariates: a seasonal difference drops the one whose cycle it removes, and only that one', () => {
    const DAY = 86_400_000;
    const sdiff = (period: number) => [{ kind: 'seasonalDiff' as const, period }];
    expect(calendarAfterDifferencing(['month'], sdiff(12), 30.4 * DAY)).toEqual([]);
    expect(calendarAfterDifferencing(['month'], sdiff(4), 91.3 * DAY)).toEqual([]);
    expect(calendarAfterDifferencing(['dayOfYear'], sdiff(52), 7 * DAY)).toEqual([]);
    expect(calendarAfterDifferencing(['dayOfWeek', 'dayOfYear'], sdiff(7), DAY)).toEqual(['dayOfYear']);
    expect(calendarAfterDifferencing(['hourOfDay', 'dayOfWeek'], sdiff(24), DAY / 24)).toEqual(['dayOfWeek']);
    expect(calendarAfterDifferencing(['month'], [{ kind: 'diff' }], 30.4 * DAY)).toEqual(['month']);
    expect(calendarAfterDifferencing(['month'], sdiff(12), Number.NaN)).toEqual(['month']);
  });

  it('calendar covariates: one whose season the training rows do not confirm is dropped', () => {
    const DAY = 86_400_000;
    const months = 360;
    const times = Array.from({ length: months }, (_, i) => Date.UTC(1900 + Math.floor(i / 12), i % 12, 1));
    // A yearly cycle: the month covariate stays.
    const yearly = times.map((_, i) => 10 + 5 * Math.sin((2 * Math.PI * i) / 12) + 0.3 * Math.cos(i * 1.7));
    expect(calendarConfirmed(['month'], yearly, times)).toEqual(['month']);
    // A persistent 130-month cycle (sunspot-like): lag 12 correlates highly, but only as lag 11 does more; no yearly peak.
    const slow = times.map((_, i) => 50 + 40 * Math.sin((2 * Math.PI * i) / 130));
    expect(calendarConfirmed(['month'], slow, times)).toEqual([]);
    // Too few rows to test the cycle (under two years of days): the covariate stays; day of week is tested.
    const days = Array.from({ length: 300 }, (_, i) => i * DAY);
    const weekly = days.map((_, i) => (i % 7 < 5 ? 10 : 4) + 0.1 * Math.sin(i));
    expect(calendarConfirmed(['dayOfWeek', 'dayOfYear'], weekly, days)).toEqual(['dayOfWeek', 'dayOfYear']);
    const drifting = days.map((_, i) => Math.sin(i / 40));
    expect(calendarConfirmed(['dayOfWeek', 'dayOfYear'], drifting, days)).toEqual(['dayOfYear']);
    // Without dates nothing can be tested.
    expect(calendarConfirmed(['month'], slow, undefined)).toEqual(['month']);
  });

  it('ensemble: five members while each still gets 600 updates, fewer on long series, one when even two would not', () => {
    expect(chooseEnsemble(76, 24, 8)).toBe(5);
    // Sunspots: about 2 200 windows of batch 128 at lookback 24.
    expect(chooseEnsemble(2200, 24, 128)).toBe(2);
    // Weekly gasoline: lookback 96.
    expect(chooseEnsemble(816, 96, 32)).toBe(1);
    expect(chooseEnsemble(1_000_000, 96, 256)).toBe(1);
  });
});

describe('suggestConfig', () => {
  it('picks season 12, two seasons of lookback, log + seasonal difference (so no month covariates), a 5-member ensemble of 16-unit LSTMs beside the linear shortcut, a decaying rate and a refit for the airline sample', async () => {
    const table = await loadTableFile(SAMPLE_DATASET_PATH);
    const config = suggestConfig(table, ['Passengers']);
    expect(config.series.season).toBe(12);
    expect(config.series.date).toBe('Month');
    expect(config.window).toEqual({ lookback: 24, horizon: 1, stride: 1 });
    expect(config.series.transforms).toEqual([{ kind: 'log' }, { kind: 'seasonalDiff', period: 12 }]);
    // The seasonal difference already removes the month's cycle.
    expect(config.series.calendar).toEqual([]);
    expect(config.model.cell).toBe('lstm');
    expect(config.model.layers).toEqual([{ units: 16 }]);
    expect(config.model.linearShortcut).toBe(true);
    expect(config.train.optimizer).toEqual({ kind: 'adam', lr: 0.005 });
    expect(config.train.batchSize).toBe(8);
    expect(config.train.schedule).toEqual({ kind: 'cosine', minFactor: 0.01 });
    expect(config.train.earlyStopping).toEqual({ patience: 30, minDelta: 0, minEpochs: 3, minRelativeDelta: 0.03 });
    expect(config.model.ensemble).toBe(5);
    expect(config.train.epochs).toBe(104);
    expect(config.train.refit).toBe(true);
  });

  it('picks season 24, a difference and no log (nor calendar, without dates) on the synthetic seasonal series', async () => {
    const config = suggestConfig(await syntheticTable(), ['value']);
    expect(config.series.season).toBe(24);
    expect(config.window.lookback).toBe(48);
    expect(config.series.transforms).toEqual([{ kind: 'diff' }]);
    expect(config.series.calendar).toEqual([]);
    expect(config.train.batchSize).toBe(64);
    expect(config.train.schedule).toEqual({ kind: 'constant' });
  });
});

describe('the defaults beat both naive baselines (test MASE, native backend, fixed seed)', () => {
  it(
    'on the airline sample',
    async () => {
      const summary = await trainSuggested(await loadTableFile(SAMPLE_DATASET_PATH), 'Passengers');
      expect(summary.test.mase).toBeLessThan(summary.baselines.naive.mase);
      expect(summary.test.mase).toBeLessThan(summary.baselines.seasonalNaive.mase);
      expect(summary.skill.vsSeasonalNaive).toBeGreaterThan(0);
    },
    TRAINING_TIMEOUT,
  );

  it(
    'on a 2000-row sine (period 24) + trend + noise',
    async () => {
      const summary = await trainSuggested(await syntheticTable(), 'value');
      expect(summary.test.mase).toBeLessThan(summary.baselines.naive.mase);
      expect(summary.test.mase).toBeLessThan(summary.baselines.seasonalNaive.mase);
    },
    TRAINING_TIMEOUT,
  );
});
