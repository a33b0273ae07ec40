#!/usr/bin/env node
/**
 * Finds a Chromium that starts, for the end-to-end tests and the UI benchmark, in this order:
 *   1. $CHROMIUM_PATH (the user's choice always wins),
 *   2. the system's Chromium (Debian's /usr/bin/chromium and its usual siblings), unless
 *      CHROMIUM_SKIP_SYSTEM=1 hides it (how the fallback below is proved on a machine that has one),
 *   3. the Chromium that ships inside the npm package @sparticuz/chromium (a devDependency), unpacked
 *      on first use — so `npm install && npm test` needs nothing else on a fresh machine.
 * A candidate counts only if `--version` answers; when none does, the error lists every candidate and
 * why it was passed over. Never downloads a browser.
 *
 * As a command it prints one JSON line {source, path, version}, or the error on stderr with exit 1:
 * Playwright's config is synchronous and calls it this way.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
const VERSION_TIMEOUT_MS = 30_000;

/** `--version` of a browser binary, or the reason it did not answer. */
function versionOf(path) {
  if (!existsSync(path)) return { ok: false, reason: 'not found' };
  const result = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: VERSION_TIMEOUT_MS });
  if (result.error) return { ok: false, reason: result.error.message };
  if (result.status !== 0) return { ok: false, reason: `exit ${result.status}: ${(result.stderr || '').trim().split('\n')[0]}` };
  return { ok: true, version: result.stdout.trim() };
}

async function packagedChromium() {
  let chromium;
  try {
    chromium = (await import('@sparticuz/chromium')).default;
  } catch (err) {
    return { ok: false, reason: `@sparticuz/chromium is not installed (${err.code ?? err.message}); run \`npm install\`` };
  }
  try {
    return { ok: true, path: await chromium.executablePath() };
  } catch (err) {
    return { ok: false, reason: `could not unpack it: ${err.message}` };
  }
}

/** @returns {Promise<{source: string, path: string, version: string}>} */
export async function resolveChromium(env = process.env) {
  const passedOver = [];
  const tryPath = (source, path) => {
    const answer = versionOf(path);
    if (answer.ok) return { source, path, version: answer.version };
    passedOver.push(`${source} ${path}: ${answer.reason}`);
    return undefined;
  };

  if (env.CHROMIUM_PATH) {
    // An explicit choice that does not start is an error, not a reason to quietly use another browser.
    const chosen = tryPath('$CHROMIUM_PATH', env.CHROMIUM_PATH);
    if (chosen) return chosen;
    throw new Error(`CHROMIUM_PATH is set but that browser does not start (${passedOver[0]}). Fix the path or unset CHROMIUM_PATH.`);
  }
  if (env.CHROMIUM_SKIP_SYSTEM !== '1') {
    for (const path of SYSTEM_PATHS) {
      const found = tryPath('system', path);
      if (found) return found;
    }
  }
  const packaged = await packagedChromium();
  if (packaged.ok) {
    const found = tryPath('@sparticuz/chromium', packaged.path);
    if (found) return found;
  } else {
    passedOver.push(`@sparticuz/chromium: ${packaged.reason}`);
  }
  throw new Error(
    `No Chromium starts on this machine. Tried: ${passedOver.join('; ')}. ` +
      'Run `npm install` (it installs @sparticuz/chromium), install a system Chromium (Debian/Ubuntu: `apt-get install -y chromium`), or set CHROMIUM_PATH.',
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.stdout.write(`${JSON.stringify(await resolveChromium())}\n`);
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
