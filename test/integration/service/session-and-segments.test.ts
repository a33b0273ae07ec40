/** The working session survives a new service over the same data folder; validation reports the engine's segments. */
import { afterEach, describe, expect, it } from 'vitest';
import { RunConfig } from '../../../src-main/engine/spec';
import { createStudioService } from '../../../src-main/service';
import { createInMemoryClient } from '../../../src-main/service/in-memory-client';
import { startHarness, tinyConfig, type Harness } from './service-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const csv = (rows: number): string => {
  const lines = ['when,load'];
  for (let i = 0; i < rows; i++) lines.push(`${new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)},${(50 + 10 * Math.sin(i / 3)).toFixed(2)}`);
  return lines.join('\n') + '\n';
};

describe('working session', () => {
  it('reopens the uploaded dataset with its configuration, view and run after a restart', async () => {
    h = await startHarness();
    const opened = await h.api.call('datasets.upload', { name: 'load.csv', base64: Buffer.from(csv(120)).toString('base64') });
    const config = RunConfig.parse(tinyConfig((c) => (c.series = { target: ['load'], date: 'when' })));
    await h.api.call('session.save', { datasetId: opened.id, view: 'train', runId: 'run-123', state: { datasetId: opened.id, value: { config, views: { playground: { at: 40 } } } } });

    // A second backend over the same folders: what a restart of the app sees.
    const restarted = createStudioService({ runsDir: h.runsDir, dataDir: h.dataDir, host: 'browser', appVersion: '0.0.0-test' });
    try {
      const session = await createInMemoryClient(restarted).call('session.get', {});
      expect(session.dataset?.id).toBe(opened.id);
      expect(session.dataset?.name).toBe('load.csv');
      expect(session.view).toBe('train');
      expect(session.runId).toBe('run-123');
      expect(RunConfig.parse(session.state?.config).series.target).toEqual(['load']);
      expect(session.state?.views.playground).toEqual({ at: 40 });
    } finally {
      await restarted.dispose();
    }
  });

  it('keeps each dataset its own state and forgets the current run when asked', async () => {
    h = await startHarness();
    const a = await h.api.call('datasets.upload', { name: 'a.csv', base64: Buffer.from(csv(60)).toString('base64') });
    const b = await h.api.call('datasets.upload', { name: 'b.csv', base64: Buffer.from(csv(61)).toString('base64') });
    await h.api.call('session.save', { state: { datasetId: a.id, value: { views: { export: ['x'] } } } });
    expect(await h.api.call('session.datasetState', { datasetId: a.id })).toEqual({ views: { export: ['x'] } });
    expect(await h.api.call('session.datasetState', { datasetId: b.id })).toEqual({ views: {} });
    await h.api.call('session.save', { runId: 'run-1' });
    await h.api.call('session.save', { runId: null });
    expect((await h.api.call('session.get', {})).runId).toBeUndefined();
  });
});

describe('split preview', () => {
  it('counts only the rows after the lookback and differencing, in table rows and dates', async () => {
    h = await startHarness();
    const opened = await h.api.call('datasets.upload', { name: 'load.csv', base64: Buffer.from(csv(120)).toString('base64') });
    const config = RunConfig.parse(tinyConfig((c) => (c.series = { target: ['load'], date: 'when', transforms: [{ kind: 'diff' }] })));
    const result = await h.api.call('config.validate', { datasetId: opened.id, config });
    expect(result.ok).toBe(true);
    const s = result.segments!;
    // One row lost to differencing plus the lookback of 12.
    expect(s.leadingRows).toBe(13);
    expect(s.train.firstRow).toBe(13);
    expect(s.train.rows + s.val.rows + s.test.rows).toBe(120 - 13);
    expect(s.test.lastRow).toBe(119);
    expect(s.test.lastX).toBe('2020-04-29');
    expect(s.test.points).toBe(s.test.windows * config.window.horizon);
    expect(s.val.firstRow).toBe(s.train.lastRow + 1);
  });
});
