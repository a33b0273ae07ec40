/**
 * Numbers an analyst can trust and work that is kept, each on data generated here (not the sample):
 * weekly data gets season 52, a year column is the time axis, the split preview counts exactly the
 * points the engine scores, ETA and losses move while training, a reload keeps dataset and run, and
 * a comparison across datasets says so. Screenshots at 1280×720 and 1920×1080.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { chartFingerprint, collectPageErrors, go, openApp, runsOnDisk, shot, shotBoth } from './support/app';
import { seriesCsv, startTraining, tinySettings, train, upload } from './support/generated-data';
import type { PageGlobals } from './support/page-globals';
import { pickRadio, TRAINED_TO_END } from './support/workflow';

test('weekly data gets season 52', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await openApp(page);
  await upload(page, seriesCsv('weekly-co2.csv', 400, 7, 52.18, 11));
  await expect(page.getByTestId('season-input')).toHaveValue('52');
  await shotBoth(page, '20-weekly-season');
  expect(pageErrors).toEqual([]);
});

test('an integer year column becomes the time axis, never the target', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await openApp(page);
  const rows = ['YEAR,SUNACTIVITY'];
  for (let i = 0; i < 120; i++) rows.push(`${1700 + i},${(80 + 70 * Math.sin((2 * Math.PI * i) / 11)).toFixed(1)}`);
  await upload(page, { name: 'yearly-sunspots.csv', buffer: Buffer.from(rows.join('\n') + '\n') });
  await expect(page.getByTestId('target-select')).toContainText('SUNACTIVITY');
  await expect(page.getByTestId('target-select')).not.toContainText('YEAR');
  await expect(page.getByTestId('date-select')).toContainText('YEAR');
  await expect(page.getByTestId('split-test')).toContainText(/17\d\d|18\d\d/);
  await expect(page.getByTestId('field-error')).toHaveCount(0);
  await shotBoth(page, '21-year-time-axis');
  expect(pageErrors).toEqual([]);
});

test('the split preview shows exactly the points the test metrics are computed on', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await openApp(page);
  await upload(page, seriesCsv('monthly-preview.csv', 150, 30, 12, 5));
  await tinySettings(page, 2);
  await go(page, 'data');
  const preview = page.getByTestId('split-test');
  await expect(preview).toHaveAttribute('data-points', /\d+/);
  const points = Number(await preview.getAttribute('data-points'));
  await train(page);

  await go(page, 'export');
  await page.getByTestId('export-predictions').click();
  const path = (await page.getByTestId('export-path').first().innerText()).trim();
  const csvRows = readFileSync(path, 'utf8').trim().split('\n').length - 1;
  expect(csvRows, `preview says ${points} test points, the engine scored ${csvRows}`).toBe(points);
  expect(pageErrors).toEqual([]);
});

test('ETA and the last losses change while training, and after leaving and coming back', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await openApp(page);
  await upload(page, seriesCsv('daily-eta.csv', 600, 1, 7, 3));
  await tinySettings(page, 12);
  // Record every value ETA and the last training loss show, across leaving the view and coming back.
  await page.locator('body').evaluate((body) => {
    const g = globalThis as unknown as PageGlobals & { __eta?: string[]; __loss?: string[] };
    g.__eta = [];
    g.__loss = [];
    new g.MutationObserver(() => {
      const text = (id: string): string | null => body.querySelector(`[data-testid="${id}"]`)?.textContent ?? null;
      const eta = text('train-eta');
      const loss = text('train-last-loss');
      if (eta !== null) g.__eta!.push(eta.trim());
      if (loss !== null) g.__loss!.push(loss.trim());
    }).observe(body, { childList: true, characterData: true, subtree: true });
  });
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-last-loss')).toBeVisible({ timeout: 120_000 });
  const firstLoss = await page.getByTestId('train-last-loss').innerText();
  // Leave and come back: the figures must keep moving, not freeze at the value seen before.
  await go(page, 'data');
  await go(page, 'train');
  await expect(page.getByTestId('train-last-loss')).not.toHaveText(firstLoss, { timeout: 120_000 });
  await expect(page.getByTestId('train-status')).toHaveText(TRAINED_TO_END, { timeout: 150_000 });
  const seen = await page.evaluate(() => {
    const g = globalThis as unknown as { __eta?: string[]; __loss?: string[] };
    return { eta: g.__eta ?? [], loss: g.__loss ?? [] };
  });
  // From "estimating…" through at least one real estimate to "done": it moved while training.
  const etas = [...new Set(seen.eta)];
  expect(etas.some((t) => /^\d/.test(t)), `ETA values seen: ${etas.join(' | ')}`).toBe(true);
  expect(etas).toContain('done');
  expect(new Set(seen.loss.filter((t) => t !== '')).size, `losses seen: ${[...new Set(seen.loss)].join(' | ')}`).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('train-eta')).toHaveText('done');

  // Every chart saves its data as CSV and its picture as PNG, titled with run and dataset.
  const lossChart = page.getByTestId('loss-chart');
  await lossChart.hover();
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('loss-chart-save-csv').click()]);
  const csv = readFileSync(await csvDownload.path(), 'utf8');
  expect(csv.split('\n')[0]).toMatch(/^# Loss · daily-eta · GRU 8 · lookback 8 · \d\d:\d\d · daily-eta\.csv$/);
  expect(csv).toContain('validation,');
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('grad-chart-save-png').click()]);
  expect(pngDownload.suggestedFilename()).toMatch(/^Gradient-norms-daily-eta.*\.png$/);
  expect(readFileSync(await pngDownload.path()).subarray(1, 4).toString()).toBe('PNG');
  await shotBoth(page, '22-train-finished');
  expect(pageErrors).toEqual([]);
});

test('a reload keeps the uploaded dataset, its settings and the current run', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await openApp(page);
  await upload(page, seriesCsv('reload-kept.csv', 140, 30, 12, 9));
  await tinySettings(page, 2);
  const runId = await train(page);
  await go(page, 'playground');
  await expect(page.getByTestId('playground-run')).toHaveAttribute('data-run-id', runId);

  await page.reload();
  await expect(page.getByTestId('nav-data')).toBeVisible();
  await go(page, 'data');
  await expect(page.getByTestId('dataset-name')).toHaveText('reload-kept.csv');
  await expect(page.getByTestId('lookback-input')).toHaveValue('8');
  await go(page, 'playground');
  await expect(page.getByTestId('playground-run')).toHaveAttribute('data-run-id', runId);
  await expect(page.getByTestId('playground-run')).toContainText('reload-kept');
  await shotBoth(page, '23-reload-playground');
  await go(page, 'runs');
  await expect(page.locator(`[data-run-id="${runId}"] [data-testid="run-dataset"]`)).toHaveText('reload-kept.csv');
  await shotBoth(page, '24-runs-with-dataset');
  expect(pageErrors).toEqual([]);
});

test('a comparison of runs on different datasets says so', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await openApp(page);
  await upload(page, seriesCsv('compare-a.csv', 120, 30, 12, 21));
  await tinySettings(page, 1);
  const first = await train(page);
  await upload(page, seriesCsv('compare-b.csv', 130, 7, 52, 22));
  // The new dataset shows none of the first one's run.
  await go(page, 'train');
  await expect(page.getByTestId('train-status')).toHaveText('idle');
  await expect(page.getByTestId('loss-chart').getByTestId('chart-empty')).toHaveText('Start training to see this chart.');
  await tinySettings(page, 1);
  const second = await train(page);

  await go(page, 'runs');
  await page.getByTestId(`run-select-${first}`).check();
  await page.getByTestId(`run-select-${second}`).check();
  await go(page, 'compare');
  await expect(page.getByTestId('compare-mixed-data')).toContainText('compare-a.csv');
  await expect(page.getByTestId('compare-mixed-data')).toContainText('compare-b.csv');
  await expect(page.locator('[data-testid="config-diff-row"][data-path="dataset"]')).toBeVisible();
  await expect(page.getByTestId('compare-forecast-chart')).toHaveCount(2);
  await shotBoth(page, '25-compare-mixed-datasets');
  expect(pageErrors).toEqual([]);
});

test('the encoder-decoder diagram with bidirectional layers matches the model and fits its card', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await openApp(page);
  await upload(page, seriesCsv('monthly-diagram.csv', 150, 30, 12, 4));
  await go(page, 'model');
  await pickRadio(page, 'topology-select', 'encoder-decoder');
  await page.getByTestId('add-layer').click();
  const bidirectional = page.getByTestId('bidirectional-toggle');
  if ((await bidirectional.getAttribute('aria-checked')) !== 'true') await bidirectional.click();
  const diagram = page.getByTestId('model-diagram');
  await expect(diagram.locator('text', { hasText: '⇄' }).first()).toBeVisible();
  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    const box = await diagram.boundingBox();
    const card = await diagram.evaluate((svg) => (svg.closest('.scroll') as unknown as { clientWidth: number }).clientWidth);
    expect(box && box.width <= card + 1, `diagram ${box?.width} px wide in a ${card} px card`).toBe(true);
    await shot(page, `26-encoder-decoder-bidirectional-${width}x${height}`);
  }
  expect(pageErrors).toEqual([]);
});

test('a file dropped outside the Data view opens as a dataset and the app stays', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await openApp(page);
  await go(page, 'train');
  const appUrl = page.url();
  const csv = seriesCsv('dropped-on-train.csv', 60, 30, 12, 8).buffer.toString();
  const dataTransfer = await page.evaluateHandle((text) => {
    const g = globalThis as unknown as { DataTransfer: new () => { items: { add(file: unknown): void } }; File: new (parts: string[], name: string, options: { type: string }) => unknown };
    const transfer = new g.DataTransfer();
    transfer.items.add(new g.File([text], 'dropped-on-train.csv', { type: 'text/csv' }));
    return transfer;
  }, csv);
  await page.getByTestId('view-train').dispatchEvent('dragover', { dataTransfer });
  await page.getByTestId('view-train').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('view-data')).toBeVisible();
  await expect(page.getByTestId('dataset-name')).toHaveText('dropped-on-train.csv');
  expect(page.url().split('#')[0]).toBe(appUrl.split('#')[0]);
  expect(pageErrors).toEqual([]);
});

test('the Train view left while training catches up on every epoch when shown again', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await openApp(page);
  await upload(page, seriesCsv('daily-away.csv', 600, 1, 7, 5));
  await tinySettings(page, 12);
  const runId = await startTraining(page);
  await expect(page.getByTestId('train-last-loss')).toBeVisible({ timeout: 120_000 });
  const lossChart = page.getByTestId('loss-chart');
  const pictureWhenLeft = await chartFingerprint(lossChart);
  // The whole run happens while the Train view is hidden (kept alive, its charts paused).
  await go(page, 'data');
  await expect.poll(() => runsOnDisk().find((r) => r.id === runId)?.record.status, { timeout: 150_000 }).toMatch(TRAINED_TO_END);
  await go(page, 'train');
  await expect(page.getByTestId('train-status')).toHaveText(TRAINED_TO_END, { timeout: 60_000 });
  // Shown again (and in sight), the chart redraws what arrived while it was hidden.
  await lossChart.scrollIntoViewIfNeeded();
  await expect.poll(() => chartFingerprint(lossChart), { timeout: 10_000 }).not.toBe(pictureWhenLeft);
  await lossChart.hover();
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('loss-chart-save-csv').click()]);
  const validationPoints = readFileSync(await csvDownload.path(), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('validation,'));
  expect(validationPoints).toHaveLength(12);
  expect(pageErrors).toEqual([]);
});

test('a chart scrolled out of sight waits while training, and catches up when scrolled back', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  await upload(page, seriesCsv('daily-sight.csv', 600, 1, 7, 5));
  await tinySettings(page, 12);
  const runId = await startTraining(page);
  await expect(page.getByTestId('train-last-loss')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('train-status').scrollIntoViewIfNeeded();
  const gradChart = page.getByTestId('grad-chart');
  const belowTheFold = await gradChart.evaluate((el) => el.getBoundingClientRect().top >= window.innerHeight);
  expect(belowTheFold, 'the gradient chart should start below the window at 1280×720').toBe(true);
  const pictureOutOfSight = await chartFingerprint(gradChart);
  // The rest of the run happens with the chart out of sight: every epoch left its picture alone.
  await expect.poll(() => runsOnDisk().find((r) => r.id === runId)?.record.status, { timeout: 150_000 }).toMatch(TRAINED_TO_END);
  await expect(page.getByTestId('train-status')).toHaveText(TRAINED_TO_END, { timeout: 60_000 });
  expect(await chartFingerprint(gradChart)).toBe(pictureOutOfSight);
  await gradChart.scrollIntoViewIfNeeded();
  await expect.poll(() => chartFingerprint(gradChart), { timeout: 10_000 }).not.toBe(pictureOutOfSight);
  expect(pageErrors).toEqual([]);
});
