/** The Runs view switches the backend to another runs folder (typed in the browser), remembers it, and switches back. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { collectPageErrors, fill, go, openApp, shot } from './support/app';
import { e2eEnv } from './support/env';

async function switchTo(page: Page, dir: string): Promise<void> {
  await page.getByTestId('runs-dir-change').click();
  await fill(page, 'runs-dir-input', dir);
  await page.getByTestId('runs-dir-apply').click();
}

function savedRunsDir(): unknown {
  const path = join(e2eEnv().dataDir, 'settings.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { runsDir?: unknown }).runsDir : undefined;
}

test('switch the runs folder to an empty one and back', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  const { runsDir, root } = e2eEnv();
  await openApp(page);
  await go(page, 'runs');
  const shown = page.getByTestId('runs-dir');
  await expect(shown).toHaveText(runsDir);

  // A file is not a folder: the error is shown and nothing changes.
  const file = join(root, 'not-a-folder.txt');
  writeFileSync(file, 'x');
  await switchTo(page, file);
  await expect(page.getByTestId('error-message')).toContainText('is a file, not a folder');
  await expect(shown).toHaveText(runsDir);
  await page.getByTestId('runs-dir-cancel').click();

  const elsewhere = join(root, `other-runs-${Date.now()}`);
  await switchTo(page, elsewhere);
  await expect(shown).toHaveText(elsewhere);
  await expect(page.getByTestId('error-message')).toHaveCount(0);
  await expect(page.getByTestId('runs-empty')).toBeVisible();
  await expect(page.getByTestId('runs-count')).toHaveText('0 of 0 runs');
  expect(existsSync(elsewhere)).toBe(true);
  expect(savedRunsDir()).toBe(elsewhere);
  await shot(page, '35-runs-dir-switched');

  await switchTo(page, runsDir);
  await expect(shown).toHaveText(runsDir);
  await expect(page.getByTestId('runs-dir-input')).toHaveCount(0);
  expect(savedRunsDir()).toBe(runsDir);
  expect(pageErrors).toEqual([]);
});
