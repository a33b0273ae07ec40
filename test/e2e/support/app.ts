/** Page helpers shared by the specs: open the app, switch views, keep screenshots, read runs on disk. */
import { mkdirSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { e2eEnv } from './env';

export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

export const VIEWS = ['data', 'model', 'train', 'playground', 'export', 'runs', 'compare'] as const;
export type ViewId = (typeof VIEWS)[number];

/** Uncaught page errors fail the spec that caused them: a broken view must not pass quietly. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** Opens the app with the printed token URL (the host swaps it for a cookie) and waits for the shell. */
export async function openApp(page: Page): Promise<void> {
  await page.goto(e2eEnv().url);
  await expect(page.getByTestId('nav-data')).toBeVisible();
  await expect(page.getByTestId('backend-name')).not.toBeEmpty();
  // The client removes the token from the address bar.
  expect(page.url()).not.toContain('token=');
}

/** Opens the bundled sample from the Data view and waits until it is the open dataset. */
export async function openSample(page: Page): Promise<void> {
  await go(page, 'data');
  await page.getByTestId('open-sample').click();
  await expect(page.getByTestId('dataset-name')).toContainText('airline-passengers');
}

export async function go(page: Page, view: ViewId): Promise<Locator> {
  await page.getByTestId(`nav-${view}`).click();
  const root = page.getByTestId(`view-${view}`);
  await expect(root).toBeVisible();
  return root;
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Screenshots at 1280×720 and 1920×1080, then back to the specs' usual 1440×900. */
export async function shotBoth(page: Page, name: string): Promise<void> {
  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await shot(page, `${name}-${width}x${height}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Picks an option of a Naive UI select (or a native <select>) by its visible text. */
export async function choose(page: Page, testId: string, optionText: string | RegExp): Promise<void> {
  const select = page.getByTestId(testId);
  const tag = await select.evaluate((el) => el.tagName.toLowerCase());
  if (tag === 'select') {
    const label = typeof optionText === 'string' ? optionText : undefined;
    if (label) await select.selectOption({ label });
    else throw new Error(`choose(${testId}): a native select needs an exact label`);
    return;
  }
  await select.click();
  const option = page.locator('.n-base-select-option').filter({ hasText: optionText }).first();
  await expect(option).toBeVisible();
  await option.click();
  await page.keyboard.press('Escape');
}

/** Types into an input (Naive UI wraps the real <input>; the test id may sit on the wrapper). */
export async function fill(page: Page, testId: string, value: string): Promise<void> {
  const el = page.getByTestId(testId);
  const input = (await el.evaluate((node) => node.tagName.toLowerCase())) === 'input' ? el : el.locator('input').first();
  await input.fill(value);
  await input.press('Tab');
}

/**
 * A fingerprint of what a chart has drawn: the ECharts canvas as a data URL. Two different
 * fingerprints mean the chart redrew with different content (e.g. new points arrived).
 */
export async function chartFingerprint(chart: Locator): Promise<string> {
  return chart.evaluate((el) => {
    const canvas = el.querySelector('canvas');
    return canvas ? canvas.toDataURL() : '';
  });
}

export interface RunOnDisk {
  id: string;
  dir: string;
  record: Record<string, unknown> & { status?: string; pid?: number };
  metricsLines: number;
}

export function runsOnDisk(): RunOnDisk[] {
  const { runsDir } = e2eEnv();
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(runsDir, d.name, 'run.json')))
    .map((d) => readRun(d.name));
}

export function readRun(id: string): RunOnDisk {
  const dir = join(e2eEnv().runsDir, id);
  const record = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunOnDisk['record'];
  const metricsPath = join(dir, 'metrics.ndjson');
  const metricsLines = existsSync(metricsPath) ? readFileSync(metricsPath, 'utf8').split('\n').filter((l) => l.trim() !== '').length : 0;
  return { id, dir, record, metricsLines };
}
