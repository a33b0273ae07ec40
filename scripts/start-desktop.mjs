#!/usr/bin/env node
/**
 * `npm start`: the desktop app. Electron's binary is fetched on first start (the install step skips
 * it so that `npm install` works on machines that cannot download it); where it cannot be had, say
 * so in one line and point to the browser host instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function fetchElectron() {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return 'the electron package is not installed';
  }
  const r = spawnSync(process.execPath, [join(pkgDir, 'install.js')], { encoding: 'utf8', timeout: 10 * 60_000 });
  if (r.status === 0 && electronBinary()) return undefined;
  return (`${r.stderr}${r.stdout}`.match(/(ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN)[^\n]*/)?.[0] ?? `exit ${r.status}`).trim();
}

if (!electronBinary()) {
  const why = fetchElectron();
  if (why) {
    console.error(`Electron's binary is not available on this machine (${why}); run \`npm run web\` to use RNN Studio in your browser.`);
    process.exit(1);
  }
}
const r = spawnSync('npx', ['electron-vite', 'preview'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
