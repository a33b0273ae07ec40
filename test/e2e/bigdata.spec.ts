/**
 * A large file through the browser host's streamed upload: 200,000 rows (≈ 19 MB) land in the
 * host's data folder and open in the Data view, whose preview reaches any row; an upload cancelled
 * midway leaves nothing behind and the open dataset as it was.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { generate } from '../../bench/minute-csv';
import { collectPageErrors, go, openApp, openSample, shot } from './support/app';
import { e2eEnv } from './support/env';

const ROWS = 200_000;
let file: string;

test.beforeAll(async () => {
  file = join(e2eEnv().root, `minutes-${ROWS}.csv`);
  if (!existsSync(file)) await generate(file, ROWS);
});

/** Files under the host's data folder (recursively), relative to it. */
function dataFiles(): string[] {
  const dir = e2eEnv().dataDir;
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as { isFile(): boolean; name: string; parentPath: string }[])
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

test('a 200,000-row file opens through the streamed upload and its preview reaches any row', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = collectPageErrors(page);
  await openApp(page);
  const view = await go(page, 'data');
  await page.getByTestId('file-input').setInputFiles(file);

  await expect(page.getByTestId('dataset-name')).toHaveText(`minutes-${ROWS}.csv`, { timeout: 120_000 });
  await expect(view).toHaveAttribute('data-ready', 'true', { timeout: 180_000 });
  await expect(page.getByTestId('view-data')).toContainText('200,000 rows');
  // The upload is in the data folder under its content hash; no partial file is left.
  const saved = dataFiles().filter((f) => f.endsWith(`minutes-${ROWS}.csv`));
  expect(saved).toHaveLength(1);
  expect(readFileSync(join(e2eEnv().dataDir, saved[0])).equals(readFileSync(file))).toBe(true);
  expect(dataFiles().filter((f) => f.endsWith('.part'))).toEqual([]);

  // Zooming into the chart draws the zoomed rows in detail, fetched for that range.
  const zoom = page.getByTestId('series-zoom');
  await expect(zoom).toHaveAttribute('data-detail-points', '0');
  const chart = page.getByTestId('series-chart');
  const box = await chart.boundingBox();
  if (!box) throw new Error('the series chart is not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 12; i++) await page.mouse.wheel(0, -300);
  await expect.poll(async () => Number(await zoom.getAttribute('data-detail-points')), { message: 'the zoomed range should be drawn in detail' }).toBeGreaterThan(0);
  expect(Number(await zoom.getAttribute('data-detail-from'))).toBeGreaterThan(0);

  // The preview: first rows at once, then a far row fetched when it comes into view.
  const preview = page.getByTestId('rows-preview');
  await expect(preview).toHaveAttribute('data-total', String(ROWS));
  await expect(preview.locator('[data-row="1"]')).toContainText('2020-01-01 00:00:00');
  await page.getByTestId('rows-jump-input').fill('150000');
  await page.getByTestId('rows-jump-input').press('Enter');
  // Row 150,000 is minute 149,999 after 2020-01-01 00:00 (the generator's own clock).
  const expected = new Date(Date.UTC(2020, 0, 1) + 149_999 * 60_000).toISOString().slice(0, 19).replace('T', ' ');
  await expect(preview.locator('[data-row="150000"]')).toContainText(expected);
  await shot(page, '30-bigdata-200k');
  expect(errors).toEqual([]);
});

test('cancelling an upload midway removes what the host received and keeps the open dataset', async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page);
  await openSample(page);
  const before = dataFiles().length;

  // Slow the upload down (≈ 2 MB/s) so there is time to cancel it.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 2 * 1024 * 1024 });
  await page.getByTestId('file-input').setInputFiles(file);
  const progress = page.getByTestId('upload-progress');
  await expect(progress).toBeVisible();
  await expect.poll(async () => Number(await progress.getAttribute('data-percent'))).toBeGreaterThan(0);
  await expect.poll(() => dataFiles().some((f) => f.endsWith('.part')), { message: 'the host should be receiving the file' }).toBe(true);
  await page.getByTestId('upload-cancel').click();

  await expect(progress).toHaveCount(0);
  await expect.poll(() => dataFiles().some((f) => f.endsWith('.part')), { message: 'the partial file should be removed', timeout: 30_000 }).toBe(false);
  expect(dataFiles().length).toBe(before);
  await expect(page.getByTestId('dataset-name')).toContainText('airline');
  await expect(page.getByTestId('error-message')).toHaveCount(0);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
});
