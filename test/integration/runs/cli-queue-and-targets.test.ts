/**
 * The CLI refuses targets that would hang it (a folder under /proc, where Node's recursive mkdir
 * never returns; a FIFO as --config, whose read never ends) with exit 2 and a clear message, and
 * `compare-cells --workers N` trains at most N cells at once and says which ones wait, and where.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SAMPLE_CSV, tempDir, TINY, type CliResult } from './harness';

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('cli-queue');
});
afterAll(async () => {
  await dir.remove();
});

/** Live training-worker processes descended from `pid` (bin/rnn-studio.js → the CLI → its workers). */
function workersUnder(pid: number): number {
  const parentOf = new Map<number, number>();
  const workers: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(name), Number(fields[1]));
      if (fields[0] !== 'Z' && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('training-worker')) workers.push(Number(name));
    } catch {
      // ended while being read
    }
  }
  const descends = (p: number): boolean => {
    for (let at = parentOf.get(p); at !== undefined && at > 1; at = parentOf.get(at)) if (at === pid) return true;
    return false;
  };
  return workers.filter(descends).length;
}

/** The real CLI, sampling how many workers it has alive every 100 ms. */
function cliSampled(args: string[]): Promise<CliResult & { mostWorkers: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'rnn-studio.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let mostWorkers = 0;
    const sampler = setInterval(() => child.pid && (mostWorkers = Math.max(mostWorkers, workersUnder(child.pid))), 100);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      resolve({ code, stdout, stderr, mostWorkers });
    });
  });
}

describe('targets that would hang the CLI', () => {
  it('refuses --out under /proc with exit 2 instead of spinning', async () => {
    const train = await cliSampled(['train', '--data', SAMPLE_CSV, ...TINY, '--out', '/proc/rnn-studio-test/run']);
    expect(train.code, train.stderr).toBe(2);
    expect(train.stderr).toContain('cannot create the folder /proc/rnn-studio-test');
    const cells = await cliSampled(['compare-cells', '--data', SAMPLE_CSV, ...TINY, '--out', '/proc/rnn-studio-test/cells']);
    expect(cells.code, cells.stderr).toBe(2);
    expect(cells.stderr).toContain('--out: cannot create the folder /proc/rnn-studio-test');
  }, 180_000);

  it('refuses a FIFO as --config instead of waiting for a writer forever', async () => {
    const fifo = join(dir.path, 'config.json');
    execFileSync('mkfifo', [fifo]);
    const result = await cliSampled(['train', '--data', SAMPLE_CSV, ...TINY, '--config', fifo, '--out', join(dir.path, 'run')]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`--config: ${fifo}: this is a named pipe, not a file`);
  }, 120_000);

  it('refuses a --workers value that is not a whole number of at least 1', async () => {
    const result = await cliSampled(['compare-cells', '--data', SAMPLE_CSV, ...TINY, '--workers', '0', '--out', join(dir.path, 'never')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--workers must be a whole number from 1 to 64');
  }, 120_000);
});

describe('rnn-studio compare-cells --workers', () => {
  it('trains one cell at a time with --workers 1, printing the queue positions, and finishes all three', async () => {
    const out = join(dir.path, 'cells');
    const result = await cliSampled(['compare-cells', '--data', SAMPLE_CSV, ...TINY, '--workers', '1', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('[lstm] queued: position 1, starts when one of 1 worker(s) is free');
    expect(result.stderr).toContain('[gru] queued: position 2, starts when one of 1 worker(s) is free');
    // Once lstm starts, gru moves up.
    expect(result.stderr).toContain('[gru] queued: position 1, starts when one of 1 worker(s) is free');
    for (const cell of ['rnn', 'lstm', 'gru']) expect(result.stderr).toMatch(new RegExp(`^\\[${cell}\\] completed`, 'm'));
    expect(result.mostWorkers).toBe(1);
  }, 600_000);
});
