/**
 * A real training worker is stopped inside its checkpoint swap, at each step in turn, and killed
 * with SIGKILL there. Whatever the instant, the run must end with a loadable model in `model/` and
 * no hidden leftovers.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { loadModelDir } from '../../../src-main/engine/export';
import type { SwapStep } from '../../../src-main/engine/run';
import { RunConfig, RunRecord } from '../../../src-main/engine/spec';
import { TrainingProcess } from '../../../src-main/worker';
import { SAMPLE_CSV, tempDir } from './harness';

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('swap-kill');
  await initBackend();
});
afterAll(async () => {
  await dir.remove();
});

const config = RunConfig.parse({
  series: { target: ['Passengers'], date: 'Month', transforms: [{ kind: 'log' }] },
  window: { lookback: 12 },
  model: { cell: 'gru', layers: [{ units: 4 }] },
  // Swap 1 saves the untrained model; swap 2 is the first epoch that beats it, so a model/ exists to be moved aside.
  train: { epochs: 200, batchSize: 64, seed: 3, optimizer: { kind: 'adam', lr: 0.01 }, earlyStopping: null },
});

async function waitForFile(path: string, limitMs = 120_000): Promise<string> {
  const until = Date.now() + limitMs;
  for (;;) {
    const text = await readFile(path, 'utf8').catch(() => '');
    if (text.endsWith('\n')) return text;
    if (Date.now() > until) throw new Error(`the worker never reached the stall point (${path})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const hidden = async (runDir: string): Promise<string[]> => (await readdir(runDir)).filter((n) => n.startsWith('.model.')).sort();

const STEPS: SwapStep[] = ['created', 'filled', 'staged', 'retired', 'swapped'];

describe('a worker killed inside the checkpoint swap', () => {
  for (const step of STEPS) {
    it(`at "${step}": the run keeps a loadable model and no leftovers`, async () => {
      const runDir = join(dir.path, `kill-${step}`);
      const stallFile = join(dir.path, `stall-${step}`);
      const worker = new TrainingProcess({
        runDir,
        dataPath: SAMPLE_CSV,
        config,
        env: { RNN_STUDIO_TEST_STALL_SWAP: `${step}:2`, RNN_STUDIO_TEST_STALL_FILE: stallFile },
      }).start();
      const pid = Number((await waitForFile(stallFile)).trim());
      expect(pid).toBe(worker.pid);

      // What the folder looks like at that instant, before anyone recovers it.
      const before = await hidden(runDir);
      const kinds = before.map((n) => n.split('.')[2]);
      if (step === 'created' || step === 'filled') expect(kinds).toEqual(['tmp']);
      if (step === 'staged') expect(kinds).toEqual(['new']);
      if (step === 'retired') expect(kinds.sort()).toEqual(['new', 'old']);
      if (step === 'swapped') expect(kinds).toEqual(['old']);
      expect(existsSync(join(runDir, 'model'))).toBe(step !== 'retired');

      process.kill(pid, 'SIGKILL');
      const outcome = await worker.finished;
      expect(outcome).toMatchObject({ status: 'failed', crashed: true });
      expect(outcome.message).toMatch(/signal SIGKILL/);

      const record = RunRecord.parse(JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8')));
      expect(record.status).toBe('failed');
      expect(await hidden(runDir)).toEqual([]);
      const { model, preprocessing } = await loadModelDir(join(runDir, 'model'));
      try {
        expect(preprocessing.window.lookback).toBe(12);
        const out = tf.tidy(() => model.predict(tf.zeros([1, 12, 1])) as tf.Tensor);
        const values = Array.from(await out.data());
        out.dispose();
        expect(values).toHaveLength(1);
        expect(values.every(Number.isFinite)).toBe(true);
      } finally {
        model.dispose();
      }
    });
  }
});
