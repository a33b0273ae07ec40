/**
 * Forecasting past the data and backtesting from the Playground, on a run trained in the app.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { collectPageErrors, fill, go, openApp, openSample, shot } from './support/app';
import { configureTinyRun, trainToCompletion } from './support/workflow';

test('train → forecast past the data with intervals (CSV download) → backtest with coverage', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await openApp(page);
  await openSample(page);
  await configureTinyRun(page, { cell: 'gru', epochs: 3, units: 8 });
  await go(page, 'train');
  await trainToCompletion(page);

  await go(page, 'playground');
  await expect(page.getByTestId('forecast-chart').locator('canvas').first()).toBeVisible();
  await fill(page, 'ahead-steps', '12');
  await page.getByTestId('ahead-run').click();
  await expect(page.getByTestId('ahead-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('ahead-intervals')).toContainText(/errors of \d+ rollouts of \d+ step\(s\) from origins in the test period/);
  await expect(page.getByTestId('ahead-features')).toContainText(/Features after the data:/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ahead-download').click()]);
  const csv = readFileSync(await download.path(), 'utf8').trim().split('\n');
  expect(csv[0]).toBe('x,step,predicted_Passengers,lower_80,upper_80,lower_95,upper_95');
  expect(csv).toHaveLength(13);
  expect(csv[1]).toMatch(/^1961-01/);

  await fill(page, 'backtest-horizon', '3');
  await page.getByTestId('backtest-run').click();
  await expect(page.getByTestId('backtest-table').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('coverage-80')).toContainText(/80% interval coverage: (\d+\.\d%|not measurable)/);
  await expect(page.getByTestId('coverage-95')).toContainText(/95% interval coverage/);
  await expect(page.getByTestId('error-message')).toHaveCount(0);
  await shot(page, 'forecast-backtest');
  expect(pageErrors).toEqual([]);
});
