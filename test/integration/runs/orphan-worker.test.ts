import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../../src-main/engine/run';
import { RunRecord } from '../../../src-main/engine/spec';
import { ROOT, SAMPLE_CSV, tempDir } from './harness';

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('orphan');
});
afterAll(async () => {
  await dir.remove();
});

describe('a worker whose parent dies', () => {
  it('stops cleanly and records why, instead of training on unobserved', async () => {
    const runDir = join(dir.path, 'run');
    const parent = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'orphan-parent.ts'), runDir, SAMPLE_CSV], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const workerPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      parent.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = /worker (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      parent.on('exit', () => reject(new Error(`the parent exited early: ${out}`)));
    });
    parent.kill('SIGKILL');
    // The worker notices the closed channel, stops within a batch, finishes its record and exits.
    const until = Date.now() + 60_000;
    while (isProcessAlive(workerPid)) {
      if (Date.now() > until) {
        process.kill(workerPid, 'SIGKILL');
        throw new Error('the orphaned worker kept running');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const record = RunRecord.parse(JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8')));
    expect(record.status).toBe('stopped');
    expect(record.message).toMatch(/closed/);
    expect(record.pid).toBeUndefined();
    expect(record.summary?.epochs).toBeLessThan(2000);
  });
});
