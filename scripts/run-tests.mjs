#!/usr/bin/env node
/**
 * `npm test`: every layer in order — typecheck, lint, unit, integration, end-to-end, security — each
 * one's own output shown as it runs, then one summary line per layer and a closing total. Stops at the
 * first failing layer (later layers assume the earlier ones hold).
 */
import { spawn } from 'node:child_process';

const LAYERS = [
  { name: 'typecheck', script: 'typecheck' },
  { name: 'lint', script: 'lint' },
  { name: 'unit', script: 'test:unit' },
  { name: 'integration', script: 'test:integration' },
  { name: 'e2e', script: 'test:e2e' },
  { name: 'security', script: 'test:security' },
];

const ANSI = /\u001b\[[0-9;]*m/g;

/** Counts from vitest ("Tests  12 passed | 1 failed") or Playwright ("12 passed", "1 failed", "1 skipped"). */
function countsOf(output) {
  const text = output.replace(ANSI, '');
  const vitest = text.match(/^\s*Tests\s+(.*)$/m);
  const source = vitest ? vitest[1] : text.split('\n').filter((l) => /^\s*\d+ (passed|failed|skipped|flaky)/.test(l)).join(' ');
  const pick = (word) => Number(source.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
  return { passed: pick('passed'), failed: pick('failed'), skipped: pick('skipped') };
}

function run(script) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      output += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const summary = [];
let total = { passed: 0, failed: 0, skipped: 0 };
let failedLayer;
for (const layer of LAYERS) {
  const started = Date.now();
  console.log(`\n=== ${layer.name} (npm run ${layer.script}) ===`);
  const { code, output } = await run(layer.script);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const counts = countsOf(output);
  // Checks without a test count (typecheck, lint, security) count as one check each.
  if (counts.passed + counts.failed + counts.skipped === 0) counts[code === 0 ? 'passed' : 'failed'] = 1;
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  total = { passed: total.passed + counts.passed, failed: total.failed + counts.failed, skipped: total.skipped + counts.skipped };
  summary.push(`${layer.name.padEnd(12)} ${code === 0 ? 'ok  ' : 'FAIL'}  ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}  (${seconds}s)`);
  if (code !== 0) {
    failedLayer = layer.name;
    break;
  }
}

console.log('\n=== summary ===');
for (const line of summary) console.log(line);
if (failedLayer) console.log(`stopped after ${failedLayer} failed`);
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(failedLayer ? 1 : 0);
