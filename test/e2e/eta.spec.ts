/**
 * The ETA and progress are the engine's, from a few batches in: they show before the first epoch ends
 * (while no epoch's losses exist yet), on data generated here with many small batches per epoch.
 */
import { expect, test } from '@playwright/test';
import { collectPageErrors, fill, go, openApp } from './support/app';
import type { PageGlobals } from './support/page-globals';
import { pickRadio } from './support/workflow';

const DAY = 86_400_000;

function longCsv(rows: number): { name: string; buffer: Buffer } {
  const lines = ['date,value'];
  for (let i = 0; i < rows; i++) lines.push(`${new Date(Date.UTC(2010, 0, 1) + i * DAY).toISOString().slice(0, 10)},${(50 + 10 * Math.sin((2 * Math.PI * i) / 7) + 0.01 * i).toFixed(3)}`);
  return { name: 'long-daily.csv', buffer: Buffer.from(lines.join('\n') + '\n') };
}

test('an ETA shows before the first epoch ends', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await openApp(page);
  await go(page, 'data');
  const file = longCsv(4000);
  await page.getByTestId('file-input').setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: file.buffer });
  await expect(page.getByTestId('dataset-name')).toHaveText(file.name);
  await fill(page, 'lookback-input', '8');
  await fill(page, 'horizon-input', '1');
  await go(page, 'model');
  await pickRadio(page, 'cell-select', 'gru');
  await fill(page, 'layer-units-0', '8');
  await go(page, 'train');
  // Batches of 4 over ~2,800 training windows: hundreds of batches before the first epoch ends.
  await fill(page, 'batch-input', '4');
  await fill(page, 'epochs-input', '2');
  await expect(page.getByTestId('train-start')).toBeEnabled();

  // Every ETA text shown, with whether an epoch's losses were on screen at that moment.
  await page.locator('body').evaluate((body) => {
    const g = globalThis as unknown as PageGlobals & { __etaSeen?: Array<[string, boolean, number]> };
    g.__etaSeen = [];
    new g.MutationObserver(() => {
      const eta = body.querySelector('[data-testid="train-eta"]')?.textContent?.trim();
      const percent = Number(body.querySelector('[data-testid="train-progress"]')?.getAttribute('aria-valuenow') ?? 0);
      if (eta) g.__etaSeen!.push([eta, body.querySelector('[data-testid="train-last-loss"]') !== null, percent]);
    }).observe(body, { childList: true, characterData: true, subtree: true });
  });
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-last-loss')).toBeVisible({ timeout: 150_000 });
  const seen = await page.evaluate(() => (globalThis as unknown as { __etaSeen?: Array<[string, boolean, number]> }).__etaSeen ?? []);
  const beforeFirstEpoch = seen.filter(([, hasEpoch]) => !hasEpoch);
  const estimated = beforeFirstEpoch.filter(([eta]) => /^\d/.test(eta));
  expect(estimated.length, `ETA texts before the first epoch: ${[...new Set(beforeFirstEpoch.map(([eta]) => eta))].join(' | ')}`).toBeGreaterThan(0);
  // The progress bar moves with it (the engine's share of batches done), not stuck at 0 % until an epoch ends.
  expect(Math.max(...estimated.map(([, , percent]) => percent))).toBeGreaterThan(0);
  await page.getByTestId('train-stop').click();
  await expect(page.getByTestId('train-status')).not.toHaveText(/running|queued/, { timeout: 60_000 });
  expect(pageErrors).toEqual([]);
});
