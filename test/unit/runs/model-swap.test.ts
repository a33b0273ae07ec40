import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recoverReplacedDir, replaceDirAtomic, RunStore, type SwapStep } from '../../../src-main/engine/run';
import { RunConfig, type BackendInfo } from '../../../src-main/engine/spec';

const config = RunConfig.parse({ series: { target: ['y'] }, window: { lookback: 6 }, model: { layers: [{ units: 4 }] }, train: {} });
const backend: BackendInfo = { name: 'cpu', native: false, tfjsVersion: '4.22.0' };
const data = { name: 'toy.csv', sha256: 'abc', rows: 10 };

/** Thrown by the step hook: the swap ends right there, as if its process had been killed. */
class Abandoned extends Error {}

const writeVersion = (version: string) => async (dir: string): Promise<void> => {
  await writeFile(join(dir, 'model.json'), version);
  await writeFile(join(dir, 'weights.bin'), version.repeat(100));
};

async function abandonAt(target: string, step: SwapStep, version: string): Promise<void> {
  const onStep = async (reached: SwapStep): Promise<void> => {
    if (reached === step) throw new Abandoned(step);
  };
  await expect(replaceDirAtomic(target, writeVersion(version), { onStep })).rejects.toBeInstanceOf(Abandoned);
}

const deadPid = (): number => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
const hiddenIn = async (dir: string): Promise<string[]> => (await readdir(dir)).filter((n) => n.startsWith('.model.'));

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'swap-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the checkpoint swap and its recovery', () => {
  it('replaces the folder and leaves nothing hidden behind', async () => {
    const target = join(root, 'model');
    await replaceDirAtomic(target, writeVersion('v1'));
    await replaceDirAtomic(target, writeVersion('v2'));
    expect(await readFile(join(target, 'model.json'), 'utf8')).toBe('v2');
    expect(await hiddenIn(root)).toEqual([]);
  });

  // Which version a reader finds after recovery, for a swap from v1 to v2 ended at each step.
  const expected: Record<SwapStep, string> = { created: 'v1', filled: 'v1', staged: 'v1', retired: 'v1', swapped: 'v2' };
  for (const [step, version] of Object.entries(expected) as [SwapStep, string][]) {
    it(`a swap ended at "${step}": opening the run puts ${version} in model/ and removes the leftovers`, async () => {
      const store = new RunStore(root);
      const handle = await store.create(config, data, backend, { id: 'r1', status: 'running', pid: deadPid() });
      await replaceDirAtomic(handle.modelDir, writeVersion('v1'));
      await abandonAt(handle.modelDir, step, 'v2');
      expect((await hiddenIn(handle.dir)).length).toBeGreaterThan(0);

      await store.get('r1');
      expect(await readFile(join(handle.modelDir, 'model.json'), 'utf8')).toBe(version);
      expect(await readFile(join(handle.modelDir, 'weights.bin'), 'utf8')).toBe(version.repeat(100));
      expect(await hiddenIn(handle.dir)).toEqual([]);
    });
  }

  it('the very first swap ended between its renames: the complete new model is put in place', async () => {
    const target = join(root, 'model');
    await abandonAt(target, 'staged', 'v1');
    expect(await recoverReplacedDir(target)).toMatchObject({ restored: 'new', removed: [] });
    expect(await readFile(join(target, 'model.json'), 'utf8')).toBe('v1');
  });

  it('a half-written folder is never put in place', async () => {
    const target = join(root, 'model');
    await abandonAt(target, 'filled', 'v1');
    const recovery = await recoverReplacedDir(target);
    expect(recovery.restored).toBeUndefined();
    expect(recovery.removed).toHaveLength(1);
    expect(await readdir(root)).toEqual([]);
  });

  it('listing the runs recovers too, and a run whose trainer is alive is left to finish its own swap', async () => {
    const store = new RunStore(root);
    const dead = await store.create(config, data, backend, { id: 'dead', status: 'running', pid: deadPid() });
    const live = await store.create(config, data, backend, { id: 'live', status: 'running', pid: process.pid });
    for (const h of [dead, live]) {
      await replaceDirAtomic(h.modelDir, writeVersion('v1'));
      await abandonAt(h.modelDir, 'retired', 'v2');
    }
    const { runs } = await store.list();
    expect(runs.map((r) => `${r.id}:${r.status}`).sort()).toEqual(['dead:interrupted', 'live:running']);
    expect(await readFile(join(dead.modelDir, 'model.json'), 'utf8')).toBe('v1');
    expect(await hiddenIn(dead.dir)).toEqual([]);
    expect((await hiddenIn(live.dir)).map((n) => n.split('.')[2]).sort()).toEqual(['new', 'old']);
  });
});
