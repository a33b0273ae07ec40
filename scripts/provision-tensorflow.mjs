#!/usr/bin/env node
/**
 * Makes `require('@tensorflow/tfjs-node')` work: the native TensorFlow backend.
 *
 * tfjs-node's own install downloads libtensorflow from Google's storage, which some machines cannot
 * reach (this project's CI among them). TensorFlow's maintainers still ship the same C API inside the
 * PyPI wheel (libtensorflow_cc.so.2 exports TF_* and TFE_*, and the wheel carries the C headers), so
 * this step:
 *   1. does nothing when the binding already loads (`--if-missing`);
 *   2. tries tfjs-node's official install (download) — on a machine with normal internet that is it;
 *   3. otherwise takes the shared libraries and C headers from a pinned, checksum-verified
 *      tensorflow-cpu wheel (cached outside node_modules), links them where tfjs-node expects them,
 *      and builds the binding from source with node-gyp.
 * Exit code 0 when the native backend loads afterwards. When it cannot be provisioned the app still
 * runs on the WebAssembly backend (and says so), so a failure here is reported, not fatal to
 * `npm install`, unless `--strict` is given.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

const WHEEL = {
  name: 'tensorflow-cpu',
  version: '2.21.0',
  file: 'tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl',
  sha256: '2b847d217b02ee7731ed91431daf3250daa0196c3c94614d23be27232e6e5b6c',
  pipArgs: ['--only-binary=:all:', '--python-version', '3.11', '--platform', 'manylinux_2_27_x86_64'],
};
/** Wheel members the binding needs: the two shared libraries and the C API's header closure. */
const LIBS = ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2'];
const HEADER_PREFIXES = ['tensorflow/c/', 'tensorflow/core/platform/', 'tsl/platform/', 'xla/tsl/c/'];

const args = new Set(process.argv.slice(2));
const require = createRequire(import.meta.url);
const log = (msg) => console.log(`[provision-tensorflow] ${msg}`);

function tfjsNodeDir() {
  try {
    return dirname(require.resolve('@tensorflow/tfjs-node/package.json'));
  } catch {
    return undefined;
  }
}

/** Loads the binding in a fresh process: a crash there cannot take this script down. */
function bindingLoads(dir) {
  const probe = spawnSync(process.execPath, ['-e', "const tf=require('@tensorflow/tfjs-node');process.stdout.write(tf.backend().binding.TF_Version)"], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  return probe.status === 0 ? { ok: true, version: probe.stdout.trim() } : { ok: false, error: (probe.stderr || '').split('\n').find((l) => l.includes('Error')) || probe.stderr };
}

function cacheDir() {
  const base = process.env.RNN_STUDIO_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'rnn-studio');
  return join(base, `${WHEEL.name}-${WHEEL.version}`);
}

function sha256(file) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file).on('data', (d) => hash.update(d)).on('end', () => resolve(hash.digest('hex'))).on('error', reject);
  });
}

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { stdio: 'inherit', ...opts });
  if (r.error) throw new Error(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${argv.slice(0, 3).join(' ')} … exited with ${r.status}`);
}

function python() {
  for (const candidate of ['python3', 'python']) {
    if (spawnSync(candidate, ['--version']).status === 0) return candidate;
  }
  throw new Error('python3 with pip is needed to fetch the TensorFlow wheel from PyPI (apt-get install python3-pip)');
}

/** Downloads, verifies and unpacks the wheel's libraries and headers into the cache (once). */
async function ensureCachedLibraries() {
  const dir = cacheDir();
  const marker = join(dir, 'complete.json');
  if (existsSync(marker)) {
    log(`using cached TensorFlow ${WHEEL.version} libraries in ${dir}`);
    return dir;
  }
  const staging = `${dir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const py = python();
  log(`downloading ${WHEEL.name}==${WHEEL.version} from PyPI (about 270 MB, once)`);
  run(py, ['-m', 'pip', 'download', '--no-deps', '--quiet', '--disable-pip-version-check', ...WHEEL.pipArgs, '-d', staging, `${WHEEL.name}==${WHEEL.version}`]);
  const wheelPath = join(staging, WHEEL.file);
  if (!existsSync(wheelPath)) throw new Error(`pip did not produce ${WHEEL.file} (found: ${readdirSync(staging).join(', ')})`);
  const digest = await sha256(wheelPath);
  if (digest !== WHEEL.sha256) throw new Error(`checksum mismatch for ${WHEEL.file}: expected ${WHEEL.sha256}, got ${digest}`);
  log('checksum verified; unpacking shared libraries and C headers');
  const extract = `
import sys, zipfile, os
wheel, out, libs, prefixes = sys.argv[1], sys.argv[2], sys.argv[3].split(','), sys.argv[4].split(',')
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        name = info.filename
        if name.startswith('tensorflow/') and name[len('tensorflow/'):] in libs:
            target = os.path.join(out, 'lib', os.path.basename(name))
        elif name.startswith('tensorflow/include/') and any(name[len('tensorflow/include/'):].startswith(p) for p in prefixes) and not name.endswith('/'):
            target = os.path.join(out, 'include', name[len('tensorflow/include/'):])
        else:
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with z.open(info) as src, open(target, 'wb') as dst:
            while True:
                chunk = src.read(1 << 22)
                if not chunk:
                    break
                dst.write(chunk)
`;
  run(py, ['-c', extract, wheelPath, staging, LIBS.join(','), HEADER_PREFIXES.join(',')]);
  rmSync(wheelPath);
  for (const lib of LIBS) if (!existsSync(join(staging, 'lib', lib))) throw new Error(`the wheel has no tensorflow/${lib}`);
  if (!existsSync(join(staging, 'include', 'tensorflow', 'c', 'eager', 'c_api.h'))) throw new Error('the wheel has no tensorflow/c/eager/c_api.h');
  writeFileSync(join(staging, 'complete.json'), JSON.stringify({ ...WHEEL, unpackedAt: new Date().toISOString() }, null, 2));
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return dir;
}

/** Puts the cached libraries where tfjs-node's binding.gyp looks: deps/lib and deps/include. */
function linkIntoTfjsNode(tfjsDir, cache) {
  const deps = join(tfjsDir, 'deps');
  rmSync(deps, { recursive: true, force: true });
  mkdirSync(join(deps, 'lib'), { recursive: true });
  for (const lib of LIBS) symlinkSync(join(cache, 'lib', lib), join(deps, 'lib', lib));
  // binding.gyp links -ltensorflow -ltensorflow_framework; the wheel's C API lives in libtensorflow_cc.
  symlinkSync('libtensorflow_cc.so.2', join(deps, 'lib', 'libtensorflow.so'));
  symlinkSync('libtensorflow_framework.so.2', join(deps, 'lib', 'libtensorflow_framework.so'));
  symlinkSync(join(cache, 'include'), join(deps, 'include'));
}

function nodeGypPath() {
  const candidates = [];
  if (process.env.npm_execpath) candidates.push(join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  candidates.push(join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  try {
    candidates.push(require.resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    /* not installed locally */
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error('node-gyp was not found (it ships with npm); install it with `npm i -g node-gyp`');
  return found;
}

function buildBinding(tfjsDir) {
  const pkg = JSON.parse(readFileSync(join(tfjsDir, 'package.json'), 'utf8'));
  const napi = Math.max(...pkg.binary.napi_versions.filter((v) => v <= Number(process.versions.napi)));
  const modulePath = pkg.binary.module_path.replace('{napi_build_version}', String(napi));
  const gypArgs = ['rebuild', `--napi_build_version=${napi}`, `--module_name=${pkg.binary.module_name}`, `--module_path=${modulePath}`];
  // Node's headers: Debian's nodejs ships them in /usr/include/node; elsewhere node-gyp fetches them.
  if (!process.env.npm_config_nodedir && existsSync('/usr/include/node/node_api.h')) gypArgs.push('--nodedir=/usr');
  log(`building the binding from source (node-gyp, N-API ${napi})`);
  run(process.execPath, [nodeGypPath(), ...gypArgs], { cwd: tfjsDir });
  const built = join(tfjsDir, 'build', 'Release', `${pkg.binary.module_name}.node`);
  mkdirSync(join(tfjsDir, modulePath), { recursive: true });
  copyFileSync(built, join(tfjsDir, modulePath, `${pkg.binary.module_name}.node`));
}

function tryOfficialInstall(tfjsDir) {
  if (process.env.RNN_STUDIO_SKIP_OFFICIAL_TFJS_INSTALL) return false;
  log("trying tfjs-node's official install (downloads libtensorflow)");
  const r = spawnSync(process.execPath, ['scripts/install.js'], { cwd: tfjsDir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 10 * 60_000 });
  if (r.status === 0) return true;
  const reason = `${r.stderr || ''}${r.stdout || ''}`.match(/(ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|getaddrinfo[^\n]*)/)?.[0] ?? `exit ${r.status}`;
  log(`official install failed (${reason}); falling back to the PyPI wheel`);
  return false;
}

async function main() {
  const tfjsDir = tfjsNodeDir();
  if (!tfjsDir) {
    log('@tensorflow/tfjs-node is not installed; nothing to do');
    return 0;
  }
  if (args.has('--if-missing')) {
    const probe = bindingLoads(tfjsDir);
    if (probe.ok) {
      log(`native TensorFlow ${probe.version} binding present`);
      return 0;
    }
  }
  if (!args.has('--wheel-only') && tryOfficialInstall(tfjsDir)) {
    const probe = bindingLoads(tfjsDir);
    if (probe.ok) {
      log(`native TensorFlow ${probe.version} ready (official install)`);
      return 0;
    }
  }
  const cache = await ensureCachedLibraries();
  linkIntoTfjsNode(tfjsDir, cache);
  buildBinding(tfjsDir);
  const probe = bindingLoads(tfjsDir);
  if (!probe.ok) throw new Error(`the binding was built but does not load: ${probe.error}`);
  log(`native TensorFlow ${probe.version} ready (libraries from the ${WHEEL.name} ${WHEEL.version} wheel, cached in ${cache})`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[provision-tensorflow] could not provision native TensorFlow: ${err.message}`);
    console.error('[provision-tensorflow] the app will fall back to the WebAssembly backend (slower); `npm run doctor` explains.');
    process.exit(args.has('--strict') ? 1 : 0);
  },
);
