#!/usr/bin/env node
/**
 * Builds RNN Studio's native addon (native/: the SimpleRNN recurrence in C++) with node-gyp, which ships
 * with npm. Run by `postinstall` and `npm run build:native`. Needs a C++ compiler, make and Python (as any
 * node-gyp build). Node's headers come from Debian's nodejs (/usr/include/node) when present, else
 * node-gyp fetches them from nodejs.org. A failed build is reported, not fatal: the fused core then
 * runs SimpleRNN on TensorFlow ops, and `rnn-studio doctor` says why (`--strict` makes it fatal).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = join(root, 'native');
const addon = join(nativeDir, 'build', 'Release', 'rnn_studio_native.node');
const strict = process.argv.includes('--strict');
const log = (msg) => console.log(`[build-native] ${msg}`);

function nodeGypPath() {
  const candidates = [];
  if (process.env.npm_execpath) candidates.push(join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  candidates.push(join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  try {
    candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    /* not installed locally */
  }
  return candidates.find((c) => existsSync(c));
}

function build() {
  const gyp = nodeGypPath();
  if (!gyp) throw new Error('node-gyp was not found (it ships with npm); install it with `npm i -g node-gyp`');
  const args = ['rebuild'];
  if (!process.env.npm_config_nodedir && existsSync('/usr/include/node/node_api.h')) args.push('--nodedir=/usr');
  const r = spawnSync(process.execPath, [gyp, ...args], { cwd: nativeDir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.error) throw new Error(`node-gyp could not start: ${r.error.message}`);
  if (r.status !== 0) {
    const lines = `${r.stderr}\n${r.stdout}`.split('\n').filter((l) => /error|not found|No such/i.test(l));
    throw new Error(`node-gyp exited with ${r.status}${lines.length ? `: ${lines.slice(0, 5).join(' | ')}` : ''}`);
  }
  // Loads in a fresh process: a broken build must not crash this script.
  const probe = spawnSync(process.execPath, ['-e', `const a=require(${JSON.stringify(addon)});if(typeof a.simpleRnnForward!=='function')process.exit(3)`], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`the addon was built but does not load: ${(probe.stderr || `exit ${probe.status}`).split('\n')[0]}`);
}

try {
  build();
  log(`built ${addon}`);
} catch (err) {
  console.error(`[build-native] could not build the native addon: ${err instanceof Error ? err.message : String(err)}`);
  console.error('[build-native] SimpleRNN will run on TensorFlow ops (slower); `npm run doctor` says so.');
  process.exitCode = strict ? 1 : 0;
}
