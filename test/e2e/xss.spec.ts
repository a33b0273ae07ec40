/**
 * Data is never markup: column names, cells and the file name carrying HTML and scripts render as
 * text in every view, and none of it runs.
 */
import { expect, test, type Page } from '@playwright/test';
import { go, openApp, shot, VIEWS } from './support/app';
import type { PageGlobals } from './support/page-globals';

const IMG = '<img src=x onerror=window.__xss=1>';
const SCRIPT = '<script>window.__xss=2</script>';
const csv = [
  `Month,${IMG},"${SCRIPT}"`,
  ...Array.from({ length: 40 }, (_, i) => `19${50 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')},${100 + i},${i % 3 === 0 ? `"${SCRIPT}"` : i % 3 === 1 ? IMG : 'plain'}`),
  '',
].join('\n');

async function assertNothingRan(page: Page): Promise<void> {
  expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__xss)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  // Vite's own module script is the only script element the app has.
  expect(await page.locator('script').evaluateAll((els) => els.filter((e) => !e.hasAttribute('src')).length)).toBe(0);
}

test('HTML in column names, cells and the file name renders as text and never runs', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openApp(page);
  await go(page, 'data');
  await page.getByTestId('file-input').setInputFiles({ name: '<img src=x onerror=window.__xss=3>.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });

  await expect(page.getByTestId('column-table')).toContainText(IMG);
  await expect(page.getByTestId('column-table')).toContainText(SCRIPT);
  await expect(page.getByTestId('rows-preview')).toContainText(SCRIPT);
  // The service makes the upload's name safe for a file system; whatever is left shows as text.
  await expect(page.getByTestId('dataset-name')).toContainText('onerror');
  // Open the target list, where column names become options.
  await page.getByTestId('target-select').click();
  await page.keyboard.press('Escape');
  await shot(page, '20-xss-data');
  await assertNothingRan(page);

  for (const view of VIEWS) {
    await go(page, view);
    await assertNothingRan(page);
  }
  expect(dialogs).toEqual([]);
});
