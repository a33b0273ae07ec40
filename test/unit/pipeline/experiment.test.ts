import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { ExperimentControl, runExperiment } from '../../../src-main/engine/experiment';
import { RunSummary, TrainingEvent } from '../../../src-main/engine/spec';
import { monthlyTable, tinyConfig } from './fixtures';

beforeAll(async () => {
  await initBackend();
});

describe('runExperiment', () => {
  it('emits baseline first and done last, saves checkpoints, and summarises with finite numbers', async () => {
    const table = await monthlyTable(96);
    const config = tinyConfig({ train: { epochs: 3, batchSize: 16, seed: 3, earlyStopping: null } });
    const events: TrainingEvent[] = [];
    const saved: number[] = [];
    const before = tf.memory().numTensors;
    const result = await runExperiment({
      table,
      config,
      onEvent: (e) => events.push(TrainingEvent.parse(e)),
      saveCheckpoint: async (model) => {
        saved.push(model.countParams());
      },
    });
    expect(result.status).toBe('completed');
    expect(events[0].type).toBe('baseline');
    const baseline = events[0];
    if (baseline.type === 'baseline') {
      expect(baseline.season).toBe(12);
      expect(baseline.naiveValLoss).toBeGreaterThan(0);
    }
    const last = events[events.length - 1];
    expect(last.type).toBe('done');
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs).toHaveLength(3);
    // Validation metrics in original units ride along with each epoch.
    for (const e of epochs) if (e.type === 'epoch') expect(e.valMetrics?.mae).toBeGreaterThan(0);
    expect(saved.length).toBeGreaterThan(0);
    expect(saved[0]).toBe(result.model.countParams());

    const summary = RunSummary.parse(result.summary);
    expect(Object.keys(summary.test).sort()).toEqual(['mae', 'mape', 'mase', 'rmse', 'smape']);
    expect(summary.val).toBeDefined();
    expect(summary.season).toBe(12);
    expect(summary.params).toBe(result.model.countParams());
    expect(summary.epochs).toBe(3);
    expect(summary.skill.vsNaive).toBeCloseTo(1 - summary.test.mase / summary.baselines.naive.mase, 12);
    expect(summary.skill.vsSeasonalNaive).toBeCloseTo(1 - summary.test.mase / summary.baselines.seasonalNaive.mase, 12);
    expect(summary.notes?.join(' ')).toMatch(/Season 12 follows from the date column's frequency/);
    if (last.type === 'done') expect(last.summary).toEqual(summary);

    result.model.dispose();
    // Everything else the experiment created was released.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a stop requested before training starts ends as stopped without a summary', async () => {
    const table = await monthlyTable(96);
    const control = new ExperimentControl();
    control.stop();
    const events: TrainingEvent[] = [];
    const result = await runExperiment({ table, config: tinyConfig(), onEvent: (e) => events.push(e), control });
    expect(result.status).toBe('stopped');
    expect(result.summary).toBeUndefined();
    expect(events[events.length - 1]).toMatchObject({ type: 'done', status: 'stopped' });
    result.model.dispose();
  });

  it('a pause requested before training starts is replayed onto the job, and resume continues it', async () => {
    const table = await monthlyTable(96);
    const control = new ExperimentControl();
    control.pause();
    const statuses: string[] = [];
    const result = await runExperiment({
      table,
      config: tinyConfig({ train: { epochs: 2, batchSize: 16, seed: 3, earlyStopping: null } }),
      control,
      onEvent: (e) => {
        if (e.type !== 'status') return;
        statuses.push(e.status);
        if (e.status === 'paused') control.resume();
      },
    });
    expect(statuses).toContain('paused');
    expect(statuses.indexOf('paused')).toBeLessThan(statuses.lastIndexOf('running'));
    expect(result.status).toBe('completed');
    expect(result.summary?.epochs).toBe(2);
    result.model.dispose();
  });

  it('a stop during training keeps the best weights and still summarises', async () => {
    const table = await monthlyTable(96);
    const control = new ExperimentControl();
    const config = tinyConfig({ train: { epochs: 50, batchSize: 16, seed: 3, earlyStopping: null } });
    const result = await runExperiment({
      table,
      config,
      control,
      onEvent: (e) => {
        if (e.type === 'epoch' && e.epoch === 2) control.stop();
      },
    });
    expect(result.status).toBe('stopped');
    expect(result.summary?.epochs).toBe(2);
    expect(Number.isFinite(result.summary?.test.mase)).toBe(true);
    result.model.dispose();
  });

  it('a diverging run ends as diverged with an explanation, never with non-finite numbers', async () => {
    const table = await monthlyTable(96);
    const config = tinyConfig({ train: { epochs: 5, batchSize: 16, seed: 3, optimizer: { kind: 'sgd', lr: 1e12, momentum: 0 }, clip: { kind: 'none' }, earlyStopping: null } });
    const events: TrainingEvent[] = [];
    const result = await runExperiment({ table, config, onEvent: (e) => events.push(TrainingEvent.parse(e)) });
    expect(result.status).toBe('diverged');
    expect(result.message).toBeTruthy();
    if (result.summary) expect(RunSummary.safeParse(result.summary).success).toBe(true);
    expect(events[events.length - 1]).toMatchObject({ type: 'done', status: 'diverged' });
    result.model.dispose();
  });

  it('uses the configured season instead of detecting one', async () => {
    const table = await monthlyTable(96);
    const configured = await runExperiment({ table, config: tinyConfig({ series: { target: ['sales'], season: 6 }, train: { epochs: 1, seed: 1 } }), onEvent: () => undefined });
    expect(configured.summary?.season).toBe(6);
    configured.model.dispose();
  });

  it('throws a located data error before training when the series is too short', async () => {
    const table = await monthlyTable(12);
    await expect(runExperiment({ table, config: tinyConfig({ window: { lookback: 10, horizon: 2 } }), onEvent: () => undefined })).rejects.toThrow(/monthly\.csv.*needs at least \d+ rows/);
  });
});
