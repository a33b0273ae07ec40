/**
 * The end-to-end layer's browser lookup (scripts/chromium.mjs): an explicit CHROMIUM_PATH wins or fails
 * loudly, and with the system browser hidden the Chromium shipped in the npm package is unpacked, starts
 * and renders a page through Playwright — what a fresh machine with nothing but `npm install` gets.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { describe, expect, it } from 'vitest';

const SCRIPT = join(__dirname, '..', '..', '..', 'scripts', 'chromium.mjs');

function lookup(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const { CHROMIUM_PATH: _path, CHROMIUM_SKIP_SYSTEM: _skip, ...rest } = process.env;
  return spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8', env: { ...rest, ...env } });
}

describe('Chromium lookup for the end-to-end tests', () => {
  it('refuses a CHROMIUM_PATH that does not start instead of quietly using another browser', () => {
    const result = lookup({ CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('CHROMIUM_PATH is set but that browser does not start');
    expect(result.stderr).toContain('/nonexistent/chromium: not found');
  });

  it('falls back to the Chromium inside @sparticuz/chromium, which Playwright drives', async () => {
    const result = lookup({ CHROMIUM_SKIP_SYSTEM: '1' });
    expect(result.stderr).toBe('');
    const found = JSON.parse(result.stdout) as { source: string; path: string; version: string };
    expect(found.source).toBe('@sparticuz/chromium');
    expect(found.version).toMatch(/^Chromium \d+\./);

    const browser = await chromium.launch({ executablePath: found.path, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      await page.setContent('<p id="x">ready</p><script>document.getElementById("x").textContent = String(6 * 7)</script>');
      await expect.poll(() => page.textContent('#x')).toBe('42');
    } finally {
      await browser.close();
    }
  });
});
