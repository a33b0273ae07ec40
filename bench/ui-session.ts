/**
 * What every interface bench stands on: a browser host with a fresh runs and data folder, and one
 * Chromium page (1440×900) on it; all closed and removed afterwards, whatever the bench threw.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../playwright.config';
import { defaultRendererDir, startHost, type RunningHost } from '../src-main/host/server';

export interface UiSession {
  host: RunningHost;
  browser: Browser;
  page: Page;
}

export async function withUiSession(prefix: string, body: (session: UiSession) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const host = await startHost({ runsDir: join(root, 'runs'), dataDir: join(root, 'data'), rendererDir: defaultRendererDir(), appVersion: 'bench' });
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await body({ host, browser, page });
  } finally {
    await browser.close();
    await host.close();
    await rm(root, { recursive: true, force: true });
  }
}

/** Calls `onCall` with the method and milliseconds of every backend call the host serves (where an interval went). */
export function timeServiceCalls(service: { call: (method: never, input: never) => Promise<unknown> }, onCall: (method: string, ms: number) => void): void {
  const call = service.call.bind(service);
  service.call = (async (method: never, input: never) => {
    const start = performance.now();
    try {
      return await call(method, input);
    } finally {
      onCall(String(method), performance.now() - start);
    }
  }) as typeof service.call;
}

/**
 * Opens the sample and starts a long run on it (2,000 epochs, early stopping off), so that a bench
 * measures the page while a model trains; returns once the run is `running`.
 */
export async function startLongSampleRun(page: Page): Promise<void> {
  await page.getByTestId('open-sample').click();
  await page.getByTestId('dataset-name').waitFor();
  await page.getByTestId('nav-train').click();
  const field = page.getByTestId('epochs-input');
  // The test id sits on the input itself or on the number field around it.
  const epochs = (await field.evaluate((el) => el.tagName.toLowerCase())) === 'input' ? field : field.locator('input').first();
  await epochs.fill('2000');
  await epochs.press('Tab');
  const earlyStopping = page.getByTestId('early-stopping-toggle');
  if ((await earlyStopping.getAttribute('aria-checked')) === 'true') await earlyStopping.click();
  await page.getByTestId('train-start').click();
  await page.getByTestId('train-status').filter({ hasText: 'running' }).waitFor({ timeout: 120_000 });
}

/**
 * A chart out of sight is not redrawn, and at 1440×900 the Train view's charts start below its
 * settings and run cards. With `--watch-charts` each visit to Train also scrolls its loss and
 * gradient charts into sight, as someone watching them does: their catching up is measured too.
 */
export const WATCH_CHARTS = process.argv.includes('--watch-charts');

export async function watchTrainCharts(page: Page): Promise<void> {
  await page.getByTestId('loss-chart').evaluate((el) => el.scrollIntoView({ block: 'start' }));
}

/** Runs a bench's main, printing what failed and exiting non-zero. */
export function runBench(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
