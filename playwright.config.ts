/**
 * End-to-end tests: the built renderer in a real Chromium against the browser host (started once in
 * global-setup.ts with temporary runs/data folders), plus an Electron-mode spec where an Electron
 * binary exists. `npm run test:e2e` builds first.
 *
 * Chromium: $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own download if it
 * is on disk. Never downloads one; with none, the run fails with a message saying how to get one.
 */
import { existsSync } from 'node:fs';
import { chromium, defineConfig } from '@playwright/test';

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

export function findChromium(): string {
  const candidates: Array<[string, string | undefined]> = [
    ['$CHROMIUM_PATH', process.env.CHROMIUM_PATH],
    ['Debian chromium', '/usr/bin/chromium'],
    ["Playwright's chromium", playwrightChromium()],
  ];
  for (const [, path] of candidates) if (path && existsSync(path)) return path;
  const tried = candidates.map(([label, path]) => `${label}: ${path ?? '(not set)'}`).join('; ');
  throw new Error(
    `No Chromium for the end-to-end tests (tried ${tried}). Install one (Debian/Ubuntu: \`apt-get install -y chromium\`) or set CHROMIUM_PATH to a Chromium/Chrome binary.`,
  );
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
