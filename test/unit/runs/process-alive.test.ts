import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../../src-main/engine/run';

describe('isProcessAlive', () => {
  it('is true for this process and false for a pid that is gone', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(2 ** 22 + 12345)).toBe(false);
  });

  it.runIf(process.platform === 'linux')('treats a zombie (exited, never reaped) as dead', async () => {
    // A parent that forks a child which exits at once, and never waits for it: the child stays a zombie.
    const parent = spawn('python3', ['-c', 'import os,sys,time\npid=os.fork()\nif pid==0: os._exit(0)\nprint(pid, flush=True)\ntime.sleep(30)'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
      // Signal 0 still reaches a zombie; the check must look past that.
      let zombie = false;
      for (let i = 0; i < 50 && !zombie; i++) {
        await new Promise((r) => setTimeout(r, 20));
        try {
          zombie = (await import('node:fs')).readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z');
        } catch {
          break;
        }
      }
      expect(zombie).toBe(true);
      expect(isProcessAlive(pid)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
