/**
 * A problem the backend finds in the data sits next to the input that fixes it (not only in the
 * error area, and not next to another input), and Start's notice leads to that view.
 * Screenshots at 1280×720 and 1920×1080.
 */
import { expect, test, type Page } from '@playwright/test';
import { choose, collectPageErrors, go, openApp, shot } from './support/app';

const DAY = 86_400_000;

/** Daily values swinging around 0: a log transform cannot take them. */
function signedCsv(rows: number): { name: string; buffer: Buffer } {
  const lines = ['date,level'];
  for (let i = 0; i < rows; i++) lines.push(`${new Date(Date.UTC(2022, 0, 1) + i * DAY).toISOString().slice(0, 10)},${(8 * Math.sin(i / 4) + 0.01 * i).toFixed(3)}`);
  return { name: 'signed-level.csv', buffer: Buffer.from(lines.join('\n') + '\n') };
}

const formItemOf = (page: Page, testId: string) => page.getByTestId('view-data').locator('.n-form-item').filter({ has: page.getByTestId(testId) });

test('a data problem found by the backend shows at the field that fixes it', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await openApp(page);
  await go(page, 'data');
  const file = signedCsv(200);
  await page.getByTestId('file-input').setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: file.buffer });
  await expect(page.getByTestId('dataset-name')).toHaveText(file.name);
  // The split preview shows first: the configuration is valid before the transform.
  await expect(page.getByTestId('split-test')).toBeVisible();

  await choose(page, 'transform-select', 'log (values > 0)');
  const atTransforms = formItemOf(page, 'transform-select').getByTestId('field-error');
  await expect(atTransforms).toContainText('log needs values above 0');
  await expect(atTransforms).toContainText('Remove the log transform');
  // Not at the target column the value came from.
  await expect(formItemOf(page, 'target-select').getByTestId('field-error')).toHaveCount(0);
  await page.getByTestId('transform-select').scrollIntoViewIfNeeded();
  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await shot(page, `30-data-field-error-${width}x${height}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  // Training is blocked, and the notice leads to the view with the field.
  await go(page, 'train');
  await expect(page.getByTestId('train-start')).toBeDisabled();
  await page.getByTestId('train-blocked-show').click();
  await expect(page.getByTestId('view-data')).toBeVisible();
  await expect(atTransforms).toBeVisible();

  // Taking the transform out again clears it.
  await choose(page, 'transform-select', 'log (values > 0)');
  await expect(atTransforms).toHaveCount(0);
  await expect(page.getByTestId('split-test')).toBeVisible();
  expect(pageErrors).toEqual([]);
});
