/**
 * End-to-end tests: the built renderer in a real Chromium against the browser host (started once in
 * global-setup.ts with temporary runs/data folders), plus an Electron-mode spec where an Electron
 * binary exists. `npm run test:e2e` builds first.
 *
 * Chromium: see findChromium below. Never downloads one; with none, the run fails saying how to get one.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

interface FoundChromium {
  source: string;
  path: string;
  version: string;
}

let found: FoundChromium | undefined;

/**
 * The Chromium every spec uses, found by scripts/chromium.mjs ($CHROMIUM_PATH → system → the npm package
 * @sparticuz/chromium). The lookup is asynchronous and Playwright's config is not, so it runs as a child
 * process. No Chromium that starts is an error with the reasons, never a skip.
 */
export function findChromium(): string {
  if (found) return found.path;
  const result = spawnSync(process.execPath, [join(__dirname, 'scripts', 'chromium.mjs')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr.trim() || `scripts/chromium.mjs failed (exit ${result.status})`);
  found = JSON.parse(result.stdout) as FoundChromium;
  // Say once (in the runner, not in each worker) which browser the run used.
  if (process.env.TEST_WORKER_INDEX === undefined) console.log(`e2e Chromium: ${found.version} from ${found.source} (${found.path})`);
  return found.path;
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  globalSetup: './test/e2e/global-setup.ts',
  // One shared host and real training on two cores: one spec at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'test-results/playwright-report' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 30_000,
    navigationTimeout: 30_000,
  },
});
