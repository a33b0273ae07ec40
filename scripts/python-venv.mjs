#!/usr/bin/env node
/**
 * The Python environment that checks exports against the real loaders: TensorFlow (with Keras 3 and
 * h5py) in a venv under the cache folder, created once with pinned versions and reused by every test
 * run. pip's own cache is used, so a machine that already downloaded the TensorFlow wheel (e.g. for
 * the native backend) does not download it again.
 *
 *   node scripts/python-venv.mjs          creates the venv if absent, prints its python's path
 *   import { ensurePythonVenv } from …     the same from a test setup
 *
 * The venv's folder name carries a hash of the pins, so changing a pin creates a fresh venv.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Pinned to the TensorFlow whose C library the native backend links (scripts/provision-tensorflow.mjs). */
export const PYTHON_PINS = ['tensorflow-cpu==2.21.0', 'keras==3.15.1', 'h5py==3.14.0', 'numpy==2.4.6', 'onnxruntime==1.30.0'];

const log = (msg) => process.stderr.write(`[python-venv] ${msg}\n`);

function cacheBase() {
  return process.env.RNN_STUDIO_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'rnn-studio');
}

export function venvDir() {
  const digest = createHash('sha256').update(PYTHON_PINS.join('\n')).digest('hex').slice(0, 10);
  return join(cacheBase(), `py-venv-${digest}`);
}

function venvPython(dir) {
  return join(dir, 'bin', 'python');
}

function systemPython() {
  for (const candidate of ['python3.11', 'python3', 'python']) {
    const probe = spawnSync(candidate, ['-c', 'import sys, venv; print(sys.version_info[:2] >= (3, 9))'], { encoding: 'utf8' });
    if (probe.status === 0 && probe.stdout.trim() === 'True') return candidate;
  }
  throw new Error('Python 3.9+ with the venv module is needed to check exports with Keras (apt-get install python3 python3-venv)');
}

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.error) throw new Error(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${argv.slice(0, 4).join(' ')} … exited with ${r.status}`);
}

/** Path of the venv's python, creating the venv first when it is absent. Synchronous: setup code awaits nothing. */
export function ensurePythonVenv() {
  const dir = venvDir();
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return venvPython(dir);
  // Built under a temporary name and renamed once complete, so an interrupted install is never reused.
  const staging = `${dir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const started = Date.now();
  log(`creating ${dir} (${PYTHON_PINS.join(', ')}); the first time downloads about 300 MB from PyPI`);
  run(systemPython(), ['-m', 'venv', staging]);
  run(venvPython(staging), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--only-binary=:all:', ...PYTHON_PINS]);
  writeFileSync(join(staging, '.complete'), `${PYTHON_PINS.join('\n')}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  // venv scripts record their folder; the interpreter itself works from the renamed folder.
  log(`ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return venvPython(dir);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.stdout.write(`${ensurePythonVenv()}\n`);
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
