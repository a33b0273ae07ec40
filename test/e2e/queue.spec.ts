/**
 * The job queue as the user sees it: a host limited to one training process, two jobs started — the
 * second one shows "queued · #1" in the Runs view and its queue position in the Train view, then
 * trains once the first is stopped. Its own host (the shared one runs one worker per core).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { defaultRendererDir, startHost } from '../../src-main/host/server';
import { collectPageErrors, go, shot } from './support/app';

test('a queued run shows its position in the Runs and Train views, then trains', async ({ page }) => {
  test.setTimeout(300_000);
  const root = await mkdtemp(join(tmpdir(), 'rnn-e2e-queue-'));
  const host = await startHost({ runsDir: join(root, 'runs'), dataDir: join(root, 'data'), rendererDir: defaultRendererDir(), appVersion: 'e2e', maxWorkers: 1 });
  try {
    const pageErrors = collectPageErrors(page);
    const api = host.service;
    const dataset = await api.call('datasets.openSample', {});
    const suggested = await api.call('config.suggest', { datasetId: dataset.id, target: ['Passengers'] });
    const config = { ...suggested, model: { ...suggested.model, layers: [{ ...suggested.model.layers[0], units: 4 }] } };
    const first = (await api.call('jobs.start', { datasetId: dataset.id, config: { ...config, train: { ...config.train, epochs: 5000, earlyStopping: null } } })).runId;
    const second = (await api.call('jobs.start', { datasetId: dataset.id, config: { ...config, train: { ...config.train, epochs: 2 } } })).runId;
    expect((await api.call('jobs.queue', {})).queued).toEqual([second]);

    await page.goto(host.url);
    await expect(page.getByTestId('nav-data')).toBeVisible();
    // The app follows the newest live run: the waiting one.
    await go(page, 'train');
    await expect(page.getByTestId('train-queue-position')).toContainText('#1 in the queue (at most 1 train at once)');
    await go(page, 'runs');
    const waiting = page.locator(`[data-testid="run-row"][data-run-id="${second}"] [data-status="queued"]`);
    await expect(waiting).toHaveText('queued · #1');
    await expect(waiting).toHaveAttribute('data-queue-position', '1');
    await shot(page, '36-runs-queued');

    await api.call('jobs.stop', { runId: first });
    await expect(page.locator(`[data-testid="run-row"][data-run-id="${second}"] [data-status="completed"], [data-testid="run-row"][data-run-id="${second}"] [data-status="no_improvement"]`)).toBeVisible({ timeout: 180_000 });
    await expect(page.locator('[data-queue-position]')).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  } finally {
    await host.close();
    await rm(root, { recursive: true, force: true });
  }
});
