/**
 * A run no epoch improves, through the service with a real worker: it ends `no_improvement` with
 * its reason, its untrained model is kept, and the views' calls (forecast, rollout, export) work on it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { bestCheckpointOf, isUntrained, skillTone } from '../../../src-main/engine/spec';
import { startHarness, tinyConfig, waitForDone, type Harness } from './service-harness';

let h: Harness;
beforeAll(async () => {
  await initBackend();
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('a run that never beats its untrained network', () => {
  it('ends no_improvement and every view still has a model to work on', async () => {
    const { id: datasetId } = await h.api.call('datasets.openSample', {});
    // A min delta no loss can beat: no epoch counts as an improvement.
    const config = tinyConfig((c) => (c.train = { ...c.train, epochs: 4, earlyStopping: { patience: 2, minDelta: 1e6 } }));
    const started: { runId?: string } = {};
    const done = waitForDone(h.api, () => started.runId);
    const { runId } = await h.api.call('jobs.start', { datasetId, config });
    started.runId = runId;
    const event = await done;
    expect(event.status).toBe('no_improvement');
    expect(event.message).toMatch(/^No improvement: .*Lower the learning rate .*scale the features/);

    const record = await h.api.call('runs.get', { runId });
    expect(record.status).toBe('no_improvement');
    expect(record.summary && isUntrained(record.summary)).toBe(true);
    expect(skillTone(record.summary!, record.summary!.skill.vsNaive)).toBe('untrained');
    const { events } = await h.api.call('runs.events', { runId });
    expect(bestCheckpointOf(events)).toMatchObject({ epoch: 0 });
    expect(existsSync(join(h.runsDir, runId, 'model', 'model.json'))).toBe(true);

    const forecast = await h.api.call('predict.forecast', { runId, split: 'test' });
    expect(forecast.predicted.length).toBeGreaterThan(0);
    const exported = await h.api.call('export.model', { runId });
    for (const file of exported.files) expect(existsSync(file)).toBe(true);
    const predictions = await h.api.call('export.predictions', { runId });
    expect(predictions.csv.trim().split('\n').length).toBe(forecast.x.length + 1);
  });
});
