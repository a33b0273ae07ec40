/** Input a worker would refuse is refused by the service before a run folder exists. */
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../src-main/common/contract';
import { startHarness, tinyConfig, type Harness } from './service-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const runFolders = (): string[] => (existsSync(h.runsDir) ? readdirSync(h.runsDir).filter((n) => !n.startsWith('.')) : []);

describe('jobs.start refuses before a run exists', () => {
  it('a window longer than the data: bad_input at window.lookback, no run folder, no worker', async () => {
    const { id: datasetId } = await h.api.call('datasets.openSample', {});
    const before = runFolders();
    const err = await h.api.call('jobs.start', { datasetId, config: tinyConfig((c) => (c.window.lookback = 300)) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StudioError);
    // The field travels with the error, so the app places the message at the Lookback input.
    expect(err).toMatchObject({ code: 'bad_input', where: 'window.lookback', field: 'window.lookback' });
    expect((err as StudioError).message).toMatch(/lookback 300 .*needs at least \d+ rows/);
    expect(runFolders()).toEqual(before);
    expect(h.service.activeJobs()).toBe(0);
    expect((await h.api.call('runs.list', {})).runs).toHaveLength(before.length);
  });

  it('a model that cannot be built for the window: bad_input at the model field, no run folder', async () => {
    const { id: datasetId } = await h.api.call('datasets.openSample', {});
    const before = runFolders();
    const config = tinyConfig((c) => (c.model = { ...c.model, layers: [] }));
    const err = await h.api.call('jobs.start', { datasetId, config }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'bad_input' });
    expect(runFolders()).toEqual(before);
  });
});
