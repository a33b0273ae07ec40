import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunRecord } from '../../../src-main/engine/spec';
import { ROOT, SAMPLE_CSV, tempDir } from './harness';

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('interrupt');
});
afterAll(async () => {
  await dir.remove();
});

describe('Ctrl-C during `rnn-studio train`', () => {
  it('stops the worker cleanly: exit 0, run stopped, best model kept', async () => {
    const runDir = join(dir.path, 'run');
    const args = ['train', '--data', SAMPLE_CSV, '--target', 'Passengers', '--layers', '4', '--epochs', '1000', '--lookback', '12', '--out', runDir];
    // Its own process group, like a terminal's foreground job: Ctrl-C signals the wrapper, the CLI and the worker together.
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'rnn-studio.js'), ...args], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let signalled = false;
    child.stdout.resume();
    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (!signalled && /^epoch 2\//m.test(stderr)) {
        signalled = true;
        process.kill(-child.pid!, 'SIGINT');
      }
    });
    const code = await exit;
    expect(signalled, stderr).toBe(true);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/stopping after the current batch/);
    const record = RunRecord.parse(JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8')));
    expect(record.status).toBe('stopped');
    expect(record.summary!.epochs).toBeLessThan(1000);
    expect(record.pid).toBeUndefined();
    expect(existsSync(join(runDir, 'model', 'model.json'))).toBe(true);
  });
});
