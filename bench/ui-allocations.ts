/**
 * What the page allocates while the sample trains and the user alternates Data and Train: Chromium's
 * sampling heap profiler, counting objects already collected too, summed by allocating function.
 * Every allocation is work for the garbage collector, whose pauses land inside the page's tasks.
 * Prints numbers; asserts nothing.
 *
 *   npx electron-vite build --mode profile && npx tsx bench/ui-allocations.ts --seconds 60 [--watch-charts]
 */
import { runBench, startLongSampleRun, WATCH_CHARTS, watchTrainCharts, withUiSession } from './ui-session';

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

const seconds = ((at) => (at >= 0 ? Number(process.argv[at + 1]) : 60))(process.argv.indexOf('--seconds'));

function bySite(head: SamplingNode): Map<string, number> {
  const sizes = new Map<string, number>();
  const visit = (node: SamplingNode): void => {
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
    sizes.set(key, (sizes.get(key) ?? 0) + node.selfSize);
    node.children.forEach(visit);
  };
  visit(head);
  return sizes;
}

async function main(): Promise<void> {
  await withUiSession('rnn-ui-allocations-', async ({ host, page }) => {
    await page.goto(host.url);
    await startLongSampleRun(page);
    await page.waitForTimeout(8000);

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    // Options newer than Playwright's protocol typings: without them only survivors would be counted.
    await cdp.send('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
    const deadline = Date.now() + seconds * 1000;
    for (let round = 0; Date.now() < deadline; round++) {
      const view = round % 2 === 0 ? 'data' : 'train';
      await page.getByTestId(`nav-${view}`).click();
      if (WATCH_CHARTS && view === 'train') await watchTrainCharts(page);
      await page.waitForTimeout(600);
    }
    const { profile } = (await cdp.send('HeapProfiler.stopSampling')) as { profile: { head: SamplingNode } };
    const sites = [...bySite(profile.head)].sort((a, b) => b[1] - a[1]);
    const total = sites.reduce((sum, [, size]) => sum + size, 0);
    const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1).padStart(7);
    console.log(`allocated while training, Data and Train alternating: ${mb(total).trim()} MB in ${seconds} s${WATCH_CHARTS ? ' (Train charts watched)' : ''}`);
    for (const [site, size] of sites.slice(0, 25)) console.log(`  ${mb(size)} MB  ${site}`);
    await page.getByTestId('nav-train').click();
    await page.getByTestId('train-stop').click();
  });
}

runBench(main);
