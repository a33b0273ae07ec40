/**
 * Where the page's main thread spends its time while a model trains, to find the causes behind
 * bench/ui.ts's figures: each chart's redraws (the `chart <testid>` performance measures), long
 * tasks by the view the page was on, and a CPU profile (Chrome DevTools protocol) summed by
 * function (self time). Writes the profile and a Chrome trace (open in DevTools' Performance panel)
 * to the temp folder. Prints numbers; asserts nothing.
 *
 *   npx electron-vite build --mode profile && npx tsx bench/ui-profile.ts --seconds 30 [--view train] [--over 50] [--watch-charts]
 *
 * `--view train` alternates Data and Train only. `--over` (ms): the tasks to attribute one by one
 * (bench/long-task-attribution.ts). `--mode profile` builds the renderer unminified, so the
 * profile's function names are the source's.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attributeLongTasks, type Profile } from './long-task-attribution';
import { runBench, startLongSampleRun, WATCH_CHARTS, watchTrainCharts, withUiSession } from './ui-session';

const arg = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
};


async function main(): Promise<void> {
  const seconds = Number(arg('--seconds', '30'));
  const only = arg('--view', '');
  await withUiSession('rnn-ui-profile-', async ({ host, browser, page }) => {
    await page.addInitScript(() => {
      const g = globalThis as unknown as { __view: string; __long: Array<[string, number]> };
      g.__view = 'start';
      g.__long = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) g.__long.push([g.__view, Math.round(entry.duration)]);
      }).observe({ type: 'longtask' as 'mark', buffered: true });
    });
    await page.goto(host.url);
    await startLongSampleRun(page);
    // Let some history pile up, as bench/ui does after its first rounds.
    await page.waitForTimeout(8000);

    await browser.startTracing(page, { path: join(tmpdir(), 'rnn-ui-trace.json'), categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'] });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const views = only ? ['data', only] : ['data', 'model', 'train', 'playground', 'export', 'runs', 'compare'];
    const deadline = Date.now() + seconds * 1000;
    await page.evaluate(() => ((globalThis as unknown as { __long: unknown[] }).__long = []));
    await page.evaluate(() => performance.clearMeasures());
    for (let round = 0; Date.now() < deadline; round++) {
      const view = views[round % views.length];
      await page.evaluate((v) => ((globalThis as unknown as { __view: string }).__view = `switch→${v}`), view);
      await page.getByTestId(`nav-${view}`).click();
      if (WATCH_CHARTS && view === 'train') await watchTrainCharts(page);
      await page.waitForTimeout(150);
      await page.evaluate((v) => ((globalThis as unknown as { __view: string }).__view = v), view);
      await page.waitForTimeout(450);
    }
    const measures = await page.evaluate(() => performance.getEntriesByType('measure').map((m) => [m.name, m.duration] as [string, number]));
    const byName = new Map<string, number[]>();
    for (const [name, d] of measures) byName.set(name, [...(byName.get(name) ?? []), d]);
    console.log('chart updates (ms): name, count, median, max');
    for (const [name, ds] of byName) {
      ds.sort((a, b) => a - b);
      console.log(`  ${name.padEnd(32)} ${String(ds.length).padStart(4)} ${ds[Math.floor(ds.length / 2)].toFixed(0).padStart(5)} ${ds[ds.length - 1].toFixed(0).padStart(5)}`);
    }
    const long = await page.evaluate(() => (globalThis as unknown as { __long: Array<[string, number]> }).__long);
    const perView = new Map<string, number[]>();
    for (const [v, d] of long) perView.set(v, [...(perView.get(v) ?? []), d]);
    console.log('long tasks (ms) by where the page was:');
    for (const [v, ds] of perView) console.log(`  ${v.padEnd(18)} ${ds.join(' ')}`);
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
    await browser.stopTracing();
    await writeFile(join(tmpdir(), 'rnn-ui.cpuprofile'), JSON.stringify(profile));
    const trace = JSON.parse(await readFile(join(tmpdir(), 'rnn-ui-trace.json'), 'utf8'));
    for (const line of attributeLongTasks(trace, profile, Number(arg('--over', '50')), Number(arg('--tasks', '12')))) console.log(line);

    const self = new Map<number, number>();
    profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    const byFunction = new Map<string, number>();
    for (const node of profile.nodes) {
      const f = node.callFrame;
      const file = f.url.split('/').pop() ?? '';
      const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + (self.get(node.id) ?? 0));
    }
    const total = [...byFunction.values()].reduce((a, b) => a + b, 0);
    console.log(`CPU profile over ${seconds} s (${(total / 1000).toFixed(0)} ms sampled), self time by function:`);
    for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
      console.log(`  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`);
    }
    await page.getByTestId('nav-train').click();
    await page.getByTestId('train-stop').click();
  });
}

runBench(main);
