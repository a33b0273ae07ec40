/**
 * A run whose validation loss never beats the untrained network (Adam with learning rate 10 throws
 * the weights far off in the first batch): every view says so, none shows its skill in green, and
 * Playground and Export work on the untrained model it kept.
 */
import { expect, test } from '@playwright/test';
import { collectPageErrors, fill, go, openApp, readRun, runsOnDisk, shot } from './support/app';
import { configureTinyRun, newRunId } from './support/workflow';

test('a no-improvement run shows its state in every view', async ({ page }) => {
  test.setTimeout(240_000);
  const pageErrors = collectPageErrors(page);
  await openApp(page);
  // Without the sample's suggested linear shortcut: its fitted linear model would be a trained epoch 0.
  await configureTinyRun(page, { cell: 'lstm', epochs: 2, units: 8, linearShortcut: false });
  await fill(page, 'lr-input', '10');

  const before = new Set(runsOnDisk().map((r) => r.id));
  await page.getByTestId('train-start').click();
  const runId = await newRunId(before);
  await expect(page.getByTestId('train-status')).toHaveText('no improvement', { timeout: 120_000 });
  expect(readRun(runId).record.status).toBe('no_improvement');

  // Train view: the result card without a skill claim.
  await expect(page.getByTestId('run-summary-best')).toContainText('no epoch of 2 beat the untrained model');
  await expect(page.getByTestId('run-summary-untrained')).toBeVisible();
  await expect(page.getByTestId('run-summary').locator('.skill.good')).toHaveCount(0);
  await shot(page, '60-no-improvement-train');

  // Runs view: its status by name, the reason in the details, no green skill.
  await go(page, 'runs');
  const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
  await expect(row).toHaveAttribute('data-status', 'no_improvement');
  await expect(row).toContainText('no improvement');
  await expect(row.locator('.good')).toHaveCount(0);
  await row.click();
  await expect(page.getByTestId('run-status-message')).toContainText('No epoch beat the untrained network');
  await expect(page.getByTestId('run-status-message')).toContainText(/No improvement: .*Lower the learning rate \(it was 10\)/);
  await shot(page, '61-no-improvement-runs');

  // Playground and Export work on the untrained model that was kept.
  await go(page, 'playground');
  await expect(page.getByTestId('forecast-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('metrics-table')).toContainText(/naive/i);
  await expect(page.getByTestId('metrics-table').locator('.good')).toHaveCount(0);
  await expect(page.getByTestId('playground-no-model')).toHaveCount(0);
  await go(page, 'export');
  await page.getByTestId('export-model').click();
  await expect(page.getByTestId('export-result')).toContainText('model');
  await shot(page, '62-no-improvement-export');

  // Back on the Train view, the run's reason and what to try.
  await go(page, 'train');
  await expect(page.getByTestId('train-message')).toContainText(/No improvement: .*Lower the learning rate \(it was 10\)/);
  expect(pageErrors).toEqual([]);
});
