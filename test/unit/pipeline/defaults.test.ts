import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { loadTableFile, parseTable, SAMPLE_DATASET_PATH, type Table } from '../../../src-main/engine/data';
import { chooseBatchSize, chooseEpochs, chooseLookback, suggestConfig, wantsDiff, wantsLog } from '../../../src-main/engine/defaults';
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
  it('lookback is about two seasons, clamped to 12..96 and to what the data affords', () => {
    expect(chooseLookback(144, 12)).toBe(24);
    expect(chooseLookback(2000, 24)).toBe(48);
    expect(chooseLookback(5000, 168)).toBe(96);
    expect(chooseLookback(2000, 1)).toBe(24);
    expect(chooseLookback(2000, 4)).toBe(12);
    expect(chooseLookback(40, 12)).toBe(7);
  });

  it('log for growing multiplicative seasonality only; diff for strong trends', () => {
    expect(wantsLog(airlinePassengers.slice(0, 100), 12)).toBe(true);
    expect(wantsLog(seasonalSeries(1400), 24)).toBe(false);
    expect(wantsLog([...airlinePassengers.slice(0, 99), 0], 12)).toBe(false);
    expect(wantsDiff(airlinePassengers.slice(0, 100).map(Math.log))).toBe(true);
    expect(wantsDiff(seasonalSeries(1400))).toBe(true);
    expect(wantsDiff(seasonalSeries(1400).map((v, t) => v - 0.01 * t))).toBe(false);
  });

  it('batch grows with the series; epochs shrink with the work per epoch', () => {
    expect(chooseBatchSize(76)).toBe(32);
    expect(chooseBatchSize(1352)).toBe(128);
    expect(chooseBatchSize(100_000)).toBe(256);
    // The airline sample: 3 updates of 24 steps per epoch → well over 100 epochs fit the budget.
    expect(chooseEpochs(76, 24, 32)).toBeGreaterThan(100);
    expect(chooseEpochs(1352, 48, 128)).toBeLessThan(chooseEpochs(1352, 24, 128));
    expect(chooseEpochs(1_000_000, 96, 256)).toBe(10);
  });
});

describe('suggestConfig', () => {
  it('picks season 12, two seasons of lookback and log + diff for the airline sample', async () => {
    const table = await loadTableFile(SAMPLE_DATASET_PATH);
    const config = suggestConfig(table, ['Passengers']);
    expect(config.series.season).toBe(12);
    expect(config.series.date).toBe('Month');
    expect(config.window).toEqual({ lookback: 24, horizon: 1, stride: 1 });
    expect(config.series.transforms).toEqual([{ kind: 'log' }, { kind: 'diff' }]);
    expect(config.model.cell).toBe('lstm');
    expect(config.model.layers).toEqual([{ units: 32 }]);
    expect(config.train.optimizer).toEqual({ kind: 'adam', lr: 0.005 });
    expect(config.train.earlyStopping).toEqual({ patience: 8, minDelta: 0 });
  });

  it('picks season 24, diff and no log on the synthetic seasonal series', async () => {
    const config = suggestConfig(await syntheticTable(), ['value']);
    expect(config.series.season).toBe(24);
    expect(config.window.lookback).toBe(48);
    expect(config.series.transforms).toEqual([{ kind: 'diff' }]);
    expect(config.train.batchSize).toBe(128);
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
