#!/usr/bin/env node
/**
 * `npm run test:security` (after a build): fails when the built app breaks a security rule.
 * 1. Electronegativity (Doyensec's Electron misconfiguration scanner) on out/: any HIGH finding fails.
 * 2. The renderer's CSP meta tag: script-src (or default-src when script-src is absent) allows
 *    neither 'unsafe-eval' nor 'unsafe-inline', and is 'self'-based.
 * 3. The preload, actually executed against a recording stand-in for the `electron` module, exposes
 *    only `window.studio` and nothing reachable from it is ipcRenderer or one of its methods.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
/** `--out DIR` checks another build (the check's own tests use it); default: this checkout's out/. */
const outFlag = process.argv.indexOf('--out');
const out = outFlag > 0 && process.argv[outFlag + 1] ? resolve(process.argv[outFlag + 1]) : join(root, 'out');
const failures = [];
const notes = [];

function fail(message) {
  failures.push(message);
  console.error(`FAIL ${message}`);
}

const required = ['main/index.js', 'preload/index.js', 'renderer/index.html'];
const missing = required.filter((p) => !existsSync(join(out, p)));
if (missing.length > 0) {
  console.error(`security-check: the app is not built (missing ${missing.map((p) => join(out, p)).join(', ')}); run \`npm run build\` first`);
  process.exit(1);
}

async function electronegativity() {
  const run = require('@doyensec/electronegativity');
  const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  // The scanner fetches translations with a 1 s timeout and says so when offline; that line is noise.
  const log = console.log;
  console.log = (...args) => {
    if (!String(args[0]).startsWith('Could not retrieve updated translations')) log(...args);
  };
  let result;
  try {
    result = await run({ input: out, isRelative: true, electronVersionOverride: electronVersion, severitySet: 'informational', confidenceSet: 'tentative' });
  } finally {
    console.log = log;
  }
  const issues = result.issues ?? [];
  const high = issues.filter((i) => i.severity?.name === 'HIGH');
  for (const issue of high) {
    fail(`electronegativity HIGH ${issue.id} in ${issue.file}:${issue.location?.line}:${issue.location?.column} — ${issue.description} (${issue.shortenedURL ?? ''})`);
  }
  const counts = {};
  for (const issue of issues) counts[issue.severity?.name ?? '?'] = (counts[issue.severity?.name ?? '?'] ?? 0) + 1;
  for (const issue of issues.filter((i) => i.severity?.name !== 'HIGH')) {
    console.log(`note  electronegativity ${issue.severity?.name} ${issue.id} in ${issue.file}:${issue.location?.line} — ${issue.description}`);
  }
  // Files the scanner's parser could not read were not checked: say which, so nobody assumes they were.
  for (const error of result.errors ?? []) console.log(`note  electronegativity could not parse ${error.file}: ${String(error.message).split('\n')[0]}`);
  notes.push(`electronegativity: ${high.length} HIGH, ${issues.length - high.length} lower (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'})`);
}

/** Directive name → list of sources. */
export function parseCsp(policy) {
  const directives = new Map();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

function checkCspMeta() {
  const html = readFileSync(join(out, 'renderer', 'index.html'), 'utf8');
  const metas = [...html.matchAll(/<meta\b[^>]*>/gi)].map((m) => m[0]).filter((tag) => /http-equiv\s*=\s*["']?content-security-policy/i.test(tag));
  if (metas.length === 0) return fail('out/renderer/index.html has no Content-Security-Policy meta tag');
  const content = /content\s*=\s*"([^"]*)"/i.exec(metas[0]) ?? /content\s*=\s*'([^']*)'/i.exec(metas[0]);
  if (!content) return fail('the CSP meta tag has no content attribute');
  const csp = parseCsp(content[1].replace(/&#39;|&apos;/g, "'"));
  const script = csp.get('script-src');
  const fallback = csp.get('default-src');
  const effective = script ?? fallback;
  if (!effective) return fail('the CSP has neither script-src nor default-src: scripts from anywhere would run');
  if (!script && !fallback.includes("'self'")) fail("the CSP has no script-src and its default-src is not 'self'");
  for (const bad of ["'unsafe-eval'", "'unsafe-inline'", "'unsafe-hashes'", '*', 'data:', 'http:', 'https:']) {
    if (effective.includes(bad)) fail(`the CSP's ${script ? 'script-src' : 'default-src'} allows ${bad}`);
  }
  const inline = [...html.matchAll(/<script\b([^>]*)>/gi)].filter((m) => !/\bsrc\s*=/i.test(m[1]));
  if (inline.length > 0) fail(`index.html has ${inline.length} inline <script> tag(s); the app's scripts must be files`);
  notes.push(`CSP meta: script-src ${effective.join(' ')}`);
}

async function checkPreload() {
  const code = readFileSync(join(out, 'preload', 'index.js'), 'utf8');
  const exposed = new Map();
  const invoked = [];
  const ipcRenderer = {
    invoke: async (channel, ...args) => {
      invoked.push([channel, ...args]);
      return channel === 'studio:runs.get' ? { ok: false, error: { code: 'not_found', message: 'run x does not exist' } } : { ok: true, output: { answered: channel } };
    },
    send: () => undefined,
    on: () => ipcRenderer,
    once: () => ipcRenderer,
    removeListener: () => ipcRenderer,
    removeAllListeners: () => ipcRenderer,
    sendSync: () => undefined,
    postMessage: () => undefined,
  };
  const forbidden = new Set([ipcRenderer, ...Object.values(ipcRenderer)]);
  const electron = {
    contextBridge: { exposeInMainWorld: (key, value) => exposed.set(key, value), exposeInIsolatedWorld: (_id, key, value) => exposed.set(key, value) },
    ipcRenderer,
    webUtils: { getPathForFile: () => '' },
    webFrame: {},
  };
  const fakeWindow = { addEventListener: () => undefined, removeEventListener: () => undefined };
  const sandbox = {
    require: (name) => {
      if (name === 'electron') return electron;
      throw new Error(`the sandboxed preload may import only electron, but it required "${name}"`);
    },
    module: { exports: {} },
    exports: {},
    console,
    window: fakeWindow,
    document: fakeWindow,
    globalThis: undefined,
  };
  sandbox.globalThis = Object.assign(sandbox, fakeWindow);
  sandbox.module.exports = sandbox.exports;
  try {
    vm.runInNewContext(code, sandbox, { filename: 'out/preload/index.js' });
  } catch (err) {
    return fail(`the preload did not run in a sandbox-like context: ${err.message}`);
  }
  const keys = [...exposed.keys()];
  if (keys.length !== 1 || keys[0] !== 'studio') fail(`the preload should expose exactly window.studio, but exposed: ${keys.join(', ') || 'nothing'}`);
  let functions = 0;
  const seen = new Set();
  const walk = (value, path) => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
    seen.add(value);
    if (forbidden.has(value)) return fail(`the preload exposes ipcRenderer (or one of its methods) at ${path}`);
    if (typeof value === 'function') functions++;
    for (const key of Object.keys(value)) walk(value[key], `${path}.${key}`);
  };
  for (const [key, value] of exposed) walk(value, `window.${key}`);
  if (/\bexposeInMainWorld\(\s*[^,]+,\s*(?:\w+\.)?ipcRenderer\s*\)/.test(code)) fail('the preload source passes ipcRenderer to exposeInMainWorld');
  await checkPreloadRoundTrip(exposed.get('studio'), invoked);
  notes.push(`preload: exposes ${keys.map((k) => `window.${k}`).join(', ')} with ${functions} functions, no ipcRenderer`);
}

/** The bridge calls the contract's channel for a named function and rejects with the ApiError as data. */
async function checkPreloadRoundTrip(studio, invoked) {
  if (typeof studio?.appInfo !== 'function' || typeof studio?.runsGet !== 'function') return fail('window.studio lacks the contract functions appInfo/runsGet');
  const output = await studio.appInfo({});
  if (output?.answered !== 'studio:app.info') fail(`window.studio.appInfo did not go through the studio:app.info channel (${JSON.stringify(invoked.at(-1))})`);
  const error = await studio.runsGet({ runId: 'x' }).then(
    () => undefined,
    (err) => err,
  );
  if (error?.code !== 'not_found' || error?.message !== 'run x does not exist') fail(`a failed call should reject with the ApiError data, got ${JSON.stringify(error)}`);
}

// `--no-scanner` skips Electronegativity (slow: it tries the network); only the check's own tests use it.
if (process.argv.includes('--no-scanner')) notes.push('electronegativity: skipped (--no-scanner)');
else await electronegativity().catch((err) => fail(`electronegativity did not run: ${err instanceof Error ? err.message : String(err)}`));
checkCspMeta();
await checkPreload();

const verdict = failures.length === 0 ? 'PASS' : `FAIL (${failures.length} problem${failures.length === 1 ? '' : 's'})`;
console.log(`security-check: ${verdict} — ${notes.join('; ')}`);
process.exit(failures.length === 0 ? 0 : 1);
