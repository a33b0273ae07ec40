/**
 * Views mounted ahead of their first visit (Runs, Model, Compare mount in idle time after start-up)
 * still show what is true when visited: the Runs view, never opened while a run started, shows that
 * run as running with its details, and how it ended when visited again.
 */
import { expect, test } from '@playwright/test';
import { collectPageErrors, go, openApp, runsOnDisk, shot } from './support/app';
import { seriesCsv, startTraining, tinySettings, upload } from './support/generated-data';

test('the Runs view, mounted before its first visit, shows the run being trained and how it ended', async ({ page }) => {
  test.setTimeout(300_000);
  const pageErrors = collectPageErrors(page);
  await openApp(page);
  await upload(page, seriesCsv('mounted-ahead.csv', 600, 1, 7, 11));
  await tinySettings(page, 2000);
  const runId = await startTraining(page);
  const statusOnDisk = () => runsOnDisk().find((r) => r.id === runId)?.record.status;
  await expect.poll(statusOnDisk, { timeout: 120_000 }).toBe('running');

  await go(page, 'runs');
  const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
  await expect(row).toHaveAttribute('data-status', 'running');
  // The run just started is the current one: its details show without a click.
  await expect(page.getByTestId('run-details')).toHaveAttribute('data-run-id', runId);
  await expect(page.getByTestId('run-details').getByTestId('run-status-message')).toHaveCount(0);
  await shot(page, 'runs-mounted-ahead-running');

  await go(page, 'train');
  await page.getByTestId('train-stop').click();
  await expect.poll(statusOnDisk, { timeout: 120_000 }).toBe('stopped');
  await go(page, 'runs');
  await expect(row).toHaveAttribute('data-status', 'stopped');
  await expect(page.getByTestId('run-details').getByTestId('run-status-message')).toContainText('Stopped by the user');
  expect(pageErrors).toEqual([]);
});
