/** Runs and comparisons in the browser host: two runs side by side, then the measured RNN/LSTM/GRU comparison. */
import { expect, test } from '@playwright/test';
import { collectPageErrors, go, openApp, shot } from './support/app';
import { configureTinyRun, pickRadio, trainToCompletion } from './support/workflow';

test('compare two runs, then compare the three cells on the same data', async ({ page }) => {
  test.setTimeout(300_000);
  const pageErrors = collectPageErrors(page);
  await openApp(page);

  await configureTinyRun(page, { cell: 'rnn', epochs: 2, units: 8 });
  const first = await trainToCompletion(page);
  await go(page, 'model');
  await pickRadio(page, 'cell-select', 'gru');
  await go(page, 'train');
  const second = await trainToCompletion(page);
  expect(second).not.toBe(first);

  await go(page, 'runs');
  await expect(page.getByTestId('runs-table')).toBeVisible();
  for (const id of [first, second]) {
    await expect(page.locator(`[data-testid="run-row"][data-run-id="${id}"]`)).toContainText(/completed|no improvement/i);
    await page.getByTestId(`run-select-${id}`).check();
  }
  await shot(page, '30-runs');
  await page.getByTestId('compare-selected').click();

  await expect(page.getByTestId('view-compare')).toBeVisible();
  const metrics = page.getByTestId('compare-metrics-table');
  await expect(metrics).toBeVisible();
  await expect(page.getByTestId('compare-loss-chart').locator('canvas').first()).toBeVisible();
  // The configs differ in the cell only, and the diff shows exactly that.
  const diff = page.getByTestId('compare-config-diff');
  await expect(diff).toContainText('cell');
  await expect(diff).toContainText(/rnn/i);
  await expect(diff).toContainText(/gru/i);
  // (Run names say "lookback 12"; the differing fields are the rows.)
  await expect(diff.locator('[data-testid="config-diff-row"][data-path="window.lookback"]')).toHaveCount(0);
  await expect(diff.locator('[data-testid="config-diff-row"][data-path="dataset"]')).toHaveCount(0);
  await shot(page, '31-compare-runs');

  await page.getByTestId('compare-cells-start').click();
  const cells = page.getByTestId('cells-table');
  const rows = cells.locator('tbody tr');
  await expect(rows).toHaveCount(3, { timeout: 240_000 });
  const cellNames = await rows.evaluateAll((trs) => trs.map((tr) => (tr.querySelector('td')?.textContent ?? '').trim().toLowerCase()));
  expect(cellNames.sort()).toEqual(['gru', 'lstm', 'rnn']);
  await expect(cells).toContainText(/MAE|MASE|RMSE/i);
  await shot(page, '32-compare-cells');
  expect(pageErrors).toEqual([]);
});
