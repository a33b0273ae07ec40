/// <reference lib="dom" />
/**
 * The Data view on a large file, in a real Chromium against the browser host: the file goes through
 * the streamed upload (POST /upload) as a user's pick would, then opens through the normal service
 * path. Measures, in the page:
 *   - open: from choosing the file to the Data view fully shown (rows, chart, checked configuration),
 *     split into upload and the rest, with the long tasks (> 50 ms) on the main thread meanwhile;
 *   - preview scroll: frame gaps while wheeling through the preview table, and a jump to a far page;
 *   - target switch: from picking another target column to the chart and checks redrawn.
 * Saves screenshots of the Data view at 1280×720 and 1920×1080 into bench/out/ (not committed).
 *
 *   npm run build && npx tsx bench/ui-bigdata.ts                # 1,000,000 rows (~92 MB, generated once)
 *   npx tsx bench/ui-bigdata.ts --rows 200000
 *   npx tsx bench/ui-bigdata.ts --profile       # then which work made each task over 50 ms
 *
 * Prints numbers; asserts nothing.
 */
import { mkdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Page } from '@playwright/test';
import { minuteCsv } from './minute-csv';
import { tmpdir } from 'node:os';
import { startPageProfile } from './long-task-attribution';
import { runBench, timeServiceCalls, withUiSession } from './ui-session';

interface Probe {
  __longTasks: { start: number; duration: number }[];
  __frames: number[];
}

function rowsArg(): number {
  const at = process.argv.indexOf('--rows');
  const value = at >= 0 ? Number(process.argv[at + 1]) : 1_000_000;
  return Number.isInteger(value) && value > 0 ? value : 1_000_000;
}

const ms = (value: number): string => `${Math.round(value)} ms`;

function longTaskLine(tasks: { duration: number }[]): string {
  const total = tasks.reduce((a, t) => a + t.duration, 0);
  const longest = Math.max(0, ...tasks.map((t) => t.duration));
  return `${tasks.length} long tasks (> 100 ms: ${tasks.filter((t) => t.duration > 100).length}), longest ${ms(longest)}, total ${ms(total)}`;
}

async function resetProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe = globalThis as unknown as Probe;
    probe.__longTasks = [];
    probe.__frames = [];
  });
}

const takeLongTasks = (page: Page): Promise<{ start: number; duration: number }[]> => page.evaluate(() => (globalThis as unknown as Probe).__longTasks);

/** Waits in the page until the Data view says it is ready again after `since` (performance.now()), returning when. */
async function readyAfter(page: Page, datasetName: string): Promise<number> {
  await page.waitForFunction(
    (name) => {
      const view = document.querySelector('[data-testid="view-data"]');
      return view?.getAttribute('data-ready') === 'true' && document.querySelector('[data-testid="dataset-name"]')?.textContent === name;
    },
    datasetName,
    { timeout: 600_000, polling: 'raf' },
  );
  return page.evaluate(() => performance.now());
}

async function measureOpen(page: Page, file: string): Promise<void> {
  const size = (await stat(file)).size;
  await resetProbe(page);
  // Upload progress as the page sees it: when the last byte was sent.
  await page.evaluate(() => {
    const w = globalThis as unknown as { __uploadDoneAt?: number };
    w.__uploadDoneAt = undefined;
    let seen = false;
    const watch = (): void => {
      const bar = document.querySelector('[data-testid="upload-progress"]');
      if (bar) seen = true;
      // The last byte is sent when the bar says 100%, or when it is gone again.
      if ((bar && bar.getAttribute('data-percent') === '100') || (seen && !bar)) w.__uploadDoneAt = performance.now();
      else requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  });
  const start = await page.evaluate(() => performance.now());
  await page.getByTestId('file-input').setInputFiles(file);
  const shown = await readyAfter(page, basename(file));
  const uploadDone = await page.evaluate(() => (globalThis as unknown as { __uploadDoneAt?: number }).__uploadDoneAt ?? Number.NaN);
  const tasks = await takeLongTasks(page);
  console.log(`open ${basename(file)} (${(size / 2 ** 20).toFixed(1)} MiB) through the streamed upload:`);
  console.log(`  choosing the file → Data view fully shown: ${ms(shown - start)} (upload ${ms(uploadDone - start)}, read + first screen ${ms(shown - uploadDone)})`);
  console.log(`  main thread meanwhile: ${longTaskLine(tasks)}`);
}

/** Wheels through the preview table and records the gaps between frames (a smooth scroll keeps them near 16 ms). */
async function measureScroll(page: Page): Promise<void> {
  const table = page.getByTestId('rows-preview');
  await table.scrollIntoViewIfNeeded();
  const box = await table.boundingBox();
  if (!box) throw new Error('the preview table is not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(150, box.height / 2));
  await resetProbe(page);
  await page.evaluate(() => {
    const probe = globalThis as unknown as Probe & { __recording?: boolean };
    probe.__recording = true;
    let last = performance.now();
    const tick = (now: number): void => {
      probe.__frames.push(now - last);
      last = now;
      if (probe.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  for (let i = 0; i < 30; i++) {
    await page.mouse.wheel(0, 240);
    await page.waitForTimeout(16);
  }
  const { frames, tasks } = await page.evaluate(() => {
    const probe = globalThis as unknown as Probe & { __recording?: boolean };
    probe.__recording = false;
    return { frames: probe.__frames.slice(1), tasks: probe.__longTasks };
  });
  const sorted = [...frames].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))] ?? Number.NaN;
  console.log(`preview scroll (30 wheel steps): ${frames.length} frames, p95 gap ${ms(p95)}, worst ${ms(Math.max(0, ...frames))}; ${longTaskLine(tasks)}`);

  // A far page, as the page jumper asks for it: until its first row is on screen.
  const target = await page.evaluate(() => {
    const view = document.querySelector('[data-testid="rows-preview"]');
    return Number(view?.getAttribute('data-total') ?? '0');
  });
  const row = Math.max(1, Math.floor(target * 0.73));
  await resetProbe(page);
  const jumpStart = await page.evaluate(() => performance.now());
  await page.getByTestId('rows-jump-input').fill(String(row));
  await page.getByTestId('rows-jump-input').press('Enter');
  await page.waitForFunction((wanted) => !!document.querySelector(`[data-testid="rows-preview"] [data-row="${wanted}"] .cell:not(.num):not(.loading)`), row, { timeout: 60_000, polling: 'raf' });
  const jump = (await page.evaluate(() => performance.now())) - jumpStart;
  console.log(`preview jump to row ${row.toLocaleString('en-US')}: ${ms(jump)} until it is on screen; ${longTaskLine(await takeLongTasks(page))}`);
}

/** Picks another target column in the series settings: until the chart and the checks are redrawn. */
async function measureTargetSwitch(page: Page, datasetName: string, column: string): Promise<void> {
  await page.getByTestId('target-select').scrollIntoViewIfNeeded();
  await resetProbe(page);
  // Every change of the view's ready flag, with its time: the switch ends when it turns ready again.
  const start = await page.evaluate(() => {
    const w = globalThis as unknown as { __readyLog: { t: number; ready: string | null }[] };
    w.__readyLog = [];
    const view = document.querySelector('[data-testid="view-data"]')!;
    new MutationObserver(() => w.__readyLog.push({ t: performance.now(), ready: view.getAttribute('data-ready') })).observe(view, { attributes: true, attributeFilter: ['data-ready'] });
    return performance.now();
  });
  await page.getByTestId('target-select').click();
  await page.locator('.n-base-select-option', { hasText: new RegExp(`^${column}$`) }).first().click();
  await page.keyboard.press('Escape');
  await page.waitForFunction(
    () => {
      const log = (globalThis as unknown as { __readyLog: { t: number; ready: string | null }[] }).__readyLog;
      return log.some((e) => e.ready === 'false') && log[log.length - 1].ready === 'true';
    },
    undefined,
    { timeout: 600_000, polling: 'raf' },
  );
  const shown = await page.evaluate(() => {
    const log = (globalThis as unknown as { __readyLog: { t: number; ready: string | null }[] }).__readyLog;
    return log[log.length - 1].t;
  });
  void datasetName;
  console.log(`target switch (+ ${column}): ${ms(shown - start)} until the chart and checks are redrawn; ${longTaskLine(await takeLongTasks(page))}`);
}

/** Wheels into the chart: until the zoomed rows are drawn in detail (includes the 250 ms the zoom settles). */
async function measureZoom(page: Page, outDir: string, rows: number): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const chart = page.getByTestId('series-chart');
  const box = await chart.boundingBox();
  if (!box) throw new Error('the series chart is not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await resetProbe(page);
  const start = await page.evaluate(() => performance.now());
  for (let i = 0; i < 14; i++) await page.mouse.wheel(0, -300);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="series-zoom"]')?.getAttribute('data-detail-points') ?? '0') > 0, undefined, { timeout: 60_000, polling: 'raf' });
  const shown = await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())))));
  const points = await page.getByTestId('series-zoom').getAttribute('data-detail-points');
  console.log(`chart zoom (14 wheel steps): ${ms(shown - start)} until the zoomed range is drawn in detail (${points} points); ${longTaskLine(await takeLongTasks(page))}`);
  const path = join(outDir, `data-view-${rows}-rows-zoomed.png`);
  await chart.screenshot({ path });
  console.log(`screenshot: ${path}`);
}

async function screenshots(page: Page, outDir: string, rows: number): Promise<void> {
  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByTestId('nav-data').click();
    await page.waitForTimeout(300);
    const path = join(outDir, `data-view-${rows}-rows-${width}x${height}.png`);
    await page.screenshot({ path });
    console.log(`screenshot: ${path}`);
    // The lower half: columns, problems and the rows preview.
    await page.getByTestId('rows-preview').scrollIntoViewIfNeeded();
    const lower = join(outDir, `data-view-${rows}-rows-${width}x${height}-rows.png`);
    await page.screenshot({ path: lower });
    console.log(`screenshot: ${lower}`);
  }
}

async function main(): Promise<void> {
  const rows = rowsArg();
  const file = await minuteCsv(rows);
  const outDir = join(__dirname, 'out');
  await mkdir(outDir, { recursive: true });
  await withUiSession('rnn-bench-bigdata-', async ({ host, browser, page }) => {
    // `--trace-calls`: each backend call over 50 ms.
    if (process.argv.includes('--trace-calls')) timeServiceCalls(host.service, (method, took) => took > 50 && console.log(`    [call] ${method} ${ms(took)}`));
    // tsx keeps function names with a helper that does not exist inside the page.
    await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    await page.addInitScript(() => {
      const probe = globalThis as unknown as Probe;
      probe.__longTasks = [];
      probe.__frames = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) probe.__longTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask' as 'mark', buffered: true });
    });
    await page.goto(host.url);
    await page.getByTestId('nav-data').waitFor();
    console.log(`Data view on a large file (${(await browser.version()) || 'chromium'}, viewport 1440×900)`);
    const profile = process.argv.includes('--profile') ? await startPageProfile(browser, page, tmpdir(), 'bigdata') : null;
    await measureOpen(page, file);
    await measureScroll(page);
    await measureTargetSwitch(page, basename(file), 'v2');
    await measureZoom(page, outDir, rows);
    if (profile) for (const line of await profile.stop(50, 20)) console.log(line);
    await screenshots(page, outDir, rows);
  });
}

runBench(main);
