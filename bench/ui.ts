/**
 * Responsiveness of the app while a model trains: long tasks on the page's main thread (the
 * PerformanceObserver 'longtask' entries, > 50 ms) and how long switching views takes, in a real
 * Chromium against the browser host, with the sample training in a real worker.
 *
 *   npm run bench:ui                    # builds the renderer, then measures for 40 s of training
 *   npx tsx bench/ui.ts --seconds 60    # (after a build) a longer window
 *   npx tsx bench/ui.ts --watch-charts  # each visit to Train scrolls its charts into sight
 *
 * Goal: no long task over 100 ms and every view switch under 200 ms. Prints numbers; asserts nothing.
 * Each task over 80 ms (`--list-over <ms>`) is listed with the switch before it: where the page was,
 * and how long after. `--trace` also records a light Chrome trace (no CPU profile) and says how much
 * of the page's main-thread tasks went waiting for a core rather than running: in all its tasks over
 * 16 ms, and in each of those listed.
 */
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { longTasksOnCpu } from './long-task-attribution';
import { runBench, startLongSampleRun, WATCH_CHARTS, watchTrainCharts, withUiSession } from './ui-session';

const VIEWS = ['data', 'model', 'train', 'playground', 'export', 'runs', 'compare'] as const;

function numberArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

interface PageProbe {
  /** [start, duration] of each long task, ms on the page's clock. */
  __longTasks: Array<[number, number]>;
}

/** Tasks this long (ms, `--list-over`) are listed one by one, with the switch before them (where to look next). */
const LIST_TASKS_OVER_MS = numberArg('--list-over', 80);
const TRACE = process.argv.includes('--trace');

async function stopTrace(browser: import('@playwright/test').Browser, path: string): Promise<string[]> {
  await browser.stopTracing();
  try {
    return longTasksOnCpu(JSON.parse(await readFile(path, 'utf8')), LIST_TASKS_OVER_MS);
  } finally {
    await rm(path, { force: true });
  }
}

/** Clicks a view's nav button and waits until it is on screen and painted; ms, measured in the page. */
async function switchView(page: Page, view: string): Promise<number> {
  // A string, not a function: the bundler's name helpers do not exist inside the page.
  return page.evaluate(`(async () => {
    const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
    const start = performance.now();
    document.querySelector('[data-testid="nav-${view}"]').click();
    while (!document.querySelector('[data-testid="view-${view}"]')) await nextFrame();
    // The frame after the view exists is the one that shows it.
    await nextFrame();
    await new Promise((resolve) => setTimeout(resolve, 0));
    return performance.now() - start;
  })()`);
}

const quantile = (values: number[], q: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

async function main(): Promise<void> {
  const seconds = numberArg('--seconds', 40);
  await withUiSession('rnn-bench-ui-', async ({ host, browser, page }) => {
    await page.addInitScript(() => {
      const probe = globalThis as unknown as PageProbe;
      probe.__longTasks = [];
      // 'longtask' is a browser entry type that Node's typings (used to check this file) do not list.
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) probe.__longTasks.push([entry.startTime, entry.duration]);
      }).observe({ type: 'longtask' as 'mark', buffered: true });
    });
    await page.goto(host.url);
    await page.getByTestId('nav-data').waitFor();
    await startLongSampleRun(page);
    // Long tasks of loading and starting are not what this measures.
    await page.evaluate(() => ((globalThis as unknown as PageProbe).__longTasks = []));
    const tracePath = join(tmpdir(), `rnn-bench-ui-trace-${process.pid}.json`);
    if (TRACE) await browser.startTracing(page, { path: tracePath, categories: ['toplevel', 'devtools.timeline'] });

    const switches = new Map<string, number[]>(VIEWS.map((v) => [v, []]));
    /** When each switch started (page clock) and to which view. */
    const switchStarts: Array<{ at: number; view: string }> = [];
    const deadline = Date.now() + seconds * 1000;
    let round = 0;
    while (Date.now() < deadline) {
      const view = VIEWS[round++ % VIEWS.length];
      switchStarts.push({ at: await page.evaluate(() => performance.now()), view });
      switches.get(view)!.push(await switchView(page, view));
      if (WATCH_CHARTS && view === 'train') await watchTrainCharts(page);
      // Time on the view as a person would spend it, with live charts updating.
      await page.waitForTimeout(600);
    }
    const longTaskEntries = await page.evaluate(() => (globalThis as unknown as PageProbe).__longTasks);
    const longTasks = longTaskEntries.map(([, duration]) => duration);
    // Chromium's (coarse) figure: a larger heap makes each full garbage collection's pause longer.
    const heapMb = await page.evaluate(() => ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? Number.NaN) / 2 ** 20);
    const onCpu = TRACE ? await stopTrace(browser, tracePath) : [];
    await page.getByTestId('nav-train').click();
    await page.getByTestId('train-stop').click();

    const all = [...switches.values()].flat();
    console.log(`UI responsiveness while training (airline sample, ${seconds} s, ${(await browser.version()) || 'chromium'}${WATCH_CHARTS ? ', Train charts watched' : ''})`);
    console.log(`  long tasks: ${longTasks.length} (> 100 ms: ${longTasks.filter((d) => d > 100).length}), longest ${Math.round(Math.max(0, ...longTasks))} ms, total ${Math.round(longTasks.reduce((a, b) => a + b, 0))} ms`);
    console.log(`  page's JS heap at the end: ${heapMb.toFixed(0)} MB`);
    console.log(`  view switches: ${all.length}, median ${Math.round(quantile(all, 0.5))} ms, p90 ${Math.round(quantile(all, 0.9))} ms, max ${Math.round(Math.max(...all))} ms (> 200 ms: ${all.filter((t) => t > 200).length})`);
    for (const [start, duration] of longTaskEntries.filter(([, d]) => d > LIST_TASKS_OVER_MS)) {
      const before = switchStarts.filter((s) => s.at <= start).pop();
      console.log(`  task of ${Math.round(duration)} ms, ${before ? `${Math.round(start - before.at)} ms after the click on ${before.view}` : 'before the first switch'}`);
    }
    for (const line of onCpu) console.log(line);
    for (const [view, times] of switches) {
      // The first switch to a view mounts it (once per session); the later ones only show it again.
      if (times.length) console.log(`    ${view.padEnd(10)} median ${String(Math.round(quantile(times, 0.5))).padStart(4)} ms   max ${String(Math.round(Math.max(...times))).padStart(4)} ms   first ${String(Math.round(times[0])).padStart(4)} ms   (${times.length} switches)`);
    }
  });
}

runBench(main);
