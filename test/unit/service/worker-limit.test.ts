import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHostArgs } from '../../../src-main/host/options';
import { resolveMaxWorkers, settingsPath } from '../../../src-main/service/settings';
import { parseWorkers } from '../../../src-main/worker/worker-limit';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rnn-workers-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the number of training workers', () => {
  it('parses --workers as a whole number from 1 to 64 and names the flag otherwise', () => {
    expect(parseWorkers('3')).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'two', '65', '']) expect(() => parseWorkers(bad)).toThrow('--workers must be a whole number from 1 to 64');
    expect(parseHostArgs(['--workers', '2'], {}).maxWorkers).toBe(2);
    expect(parseHostArgs([], {}).maxWorkers).toBeUndefined();
    expect(() => parseHostArgs(['--workers=0'], {})).toThrow('got "0"');
  });

  it('takes the flag, else settings.json, else the core count', async () => {
    expect(await resolveMaxWorkers({ dataDir })).toBe(cpus().length);
    await writeFile(settingsPath(dataDir), JSON.stringify({ maxWorkers: 5 }));
    expect(await resolveMaxWorkers({ dataDir })).toBe(5);
    expect(await resolveMaxWorkers({ explicit: 1, dataDir })).toBe(1);
    // An invalid value is reported and ignored like any malformed setting.
    await writeFile(settingsPath(dataDir), JSON.stringify({ maxWorkers: 0 }));
    expect(await resolveMaxWorkers({ dataDir })).toBe(cpus().length);
  });
});
