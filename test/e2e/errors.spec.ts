/** What the user sees when things go wrong: bad data, a bad layer, a training process that dies. */
import { expect, test } from '@playwright/test';
import { collectPageErrors, go, openApp, readRun, runsOnDisk, SCREENSHOT_DIR, shot } from './support/app';
import { configureTinyRun, newRunId } from './support/workflow';

test('a malformed CSV shows a readable problem that names the row', async ({ page }) => {
  await openApp(page);
  await go(page, 'data');
  const csv = ['Month,Passengers', '1949-01,112', '1949-02,118', '1949-03,not-a-number', '1949-04,"129', '1949-05,121', ''].join('\n');
  await page.getByTestId('file-input').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const problems = page.getByTestId('dataset-issue').or(page.getByTestId('error-message'));
  await expect(problems.first()).toBeVisible();
  // The quote opened on file line 5 is never closed: the file is refused, located by its line.
  await expect(problems.filter({ hasText: /file line 5/ }).first()).toBeVisible();
  await shot(page, '10-error-malformed-csv');
});

test('a bad cell in data row 5 is row 5 in the problems list and the Rows table, with its date and file line', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  await go(page, 'data');
  const months = Array.from({ length: 36 }, (_, i) => `${1949 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  const csv = ['Month,Passengers', ...months.map((m, i) => `${m},${i === 4 ? 'abc' : 112 + i}`), ''].join('\n');
  await page.getByTestId('file-input').setInputFiles({ name: 'bad-cell.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const issue = page.getByTestId('dataset-issue').filter({ hasText: 'not a number' });
  await expect(issue).toHaveCount(1);
  await expect(issue).toContainText("row 5 (1949-05, file line 6) 'abc'");
  const link = issue.getByTestId('dataset-issue-row');
  await expect(link).toHaveText('row 5 (1949-05, file line 6)');
  await expect(link).toHaveAttribute('data-row', '5');
  // The same number in the Rows table: row 5 holds the bad cell, and the link marks it.
  const row5 = page.locator('[data-testid="rows-preview"] [data-row="5"]');
  await expect(row5).toContainText('1949-05');
  await expect(row5).toContainText('abc');
  // Scroll the table away first, so following the link has to bring row 5 back.
  await page.getByTestId('rows-jump-input').fill('30');
  await page.getByTestId('rows-jump-input').press('Enter');
  await expect(row5).toBeHidden();
  await link.click();
  await expect(row5).toBeVisible();
  await expect(row5).toHaveAttribute('data-marked', 'true');
  await expect(page.getByTestId('rows-jump-input')).toHaveValue('5');
  await link.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/13-data-bad-cell-row-5-1280x720.png` });
  expect(pageErrors).toEqual([]);
});

test('a layer with 0 units shows an inline model error', async ({ page }) => {
  await openApp(page);
  await go(page, 'data');
  await page.getByTestId('open-sample').click();
  await expect(page.getByTestId('dataset-name')).toBeVisible();
  await go(page, 'model');
  const units = page.getByTestId('layer-units-0');
  await units.fill('0');
  const inline = page.getByTestId('model-error').or(page.getByTestId('field-error'));
  await expect(inline.first()).toBeVisible();
  await expect(inline.first()).toContainText(/unit/i);
  await shot(page, '11-error-units-zero');
});

test('a training process killed mid-run shows the run as failed and keeps its metrics', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await openApp(page);
  // Enough epochs that it is still running when it is killed.
  await configureTinyRun(page, { cell: 'rnn', epochs: 500, units: 8 });
  // Early stopping could end the run before the kill; this run must still be training then.
  const earlyStopping = page.getByTestId('early-stopping-toggle');
  if ((await earlyStopping.getAttribute('aria-checked')) === 'true') await earlyStopping.click();
  await expect(earlyStopping).toHaveAttribute('aria-checked', 'false');
  const before = new Set(runsOnDisk().map((r) => r.id));
  await page.getByTestId('train-start').click();
  const runId = await newRunId(before);
  // A worker process starts TensorFlow before its first epoch: on a loaded 2-core machine that can take a while.
  await expect(page.getByTestId('train-status')).toHaveText('running', { timeout: 90_000 });
  await expect.poll(async () => Number((await page.getByTestId('train-epoch').innerText()).trim()), { message: 'training should reach epoch 2', timeout: 90_000 }).toBeGreaterThanOrEqual(2);

  const { record } = readRun(runId);
  expect(typeof record.pid, 'run.json should record the worker pid').toBe('number');
  const linesBefore = readRun(runId).metricsLines;
  expect(linesBefore).toBeGreaterThan(0);
  process.kill(record.pid as number, 'SIGKILL');

  await expect(page.getByTestId('train-status')).toHaveText('failed', { timeout: 30_000 });
  await expect(page.getByTestId('train-message')).toContainText(/exited unexpectedly|SIGKILL/i);
  await expect.poll(() => readRun(runId).record.status).toBe('failed');
  expect(readRun(runId).metricsLines).toBeGreaterThanOrEqual(linesBefore);
  await shot(page, '12-error-worker-killed');

  await go(page, 'runs');
  const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
  await expect(row).toContainText(/failed/i);
  // The app itself survived the crash.
  await expect(page.getByTestId('backend-name')).not.toBeEmpty();
  expect(pageErrors).toEqual([]);
});
