/** The runs folder chosen through `runs.setDir` is saved in <dataDir>/settings.json and chosen again on the next start. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../../src-main/common/contract';
import { createStudioService, type StudioService } from '../../../src-main/service';
import { createInMemoryClient } from '../../../src-main/service/in-memory-client';
import { resolveRunsDir, settingsPath } from '../../../src-main/service/settings';

let root: string;
let dataDir: string;
let defaultRuns: string;
const services: StudioService[] = [];

function startService(runsDir: string): ReturnType<typeof createInMemoryClient> {
  const service = createStudioService({ runsDir, dataDir, host: 'browser', appVersion: '0.0.0-test' });
  services.push(service);
  return createInMemoryClient(service);
}

async function savedSettings(): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(settingsPath(dataDir), 'utf8')) as Record<string, unknown>;
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'rnn-runs-dir-'));
  dataDir = join(root, 'data');
  defaultRuns = join(root, 'runs');
});

afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.dispose()));
  await rm(root, { recursive: true, force: true });
});

describe('the saved runs folder', () => {
  it('is saved by runs.setDir and opened by the next service', async () => {
    expect(await resolveRunsDir({ dataDir, fallback: defaultRuns })).toBe(defaultRuns);

    const first = startService(defaultRuns);
    // Only the last level of a new runs folder is created: its parent must exist.
    await mkdir(join(root, 'elsewhere'));
    const chosen = join(root, 'elsewhere', 'runs');
    expect(await first.call('runs.setDir', { dir: chosen })).toEqual({ runs: [], skipped: [] });
    expect(await savedSettings()).toEqual({ runsDir: chosen });

    const startWith = await resolveRunsDir({ dataDir, fallback: defaultRuns });
    expect(startWith).toBe(chosen);
    const second = startService(startWith);
    expect((await second.call('app.info', {})).runsDir).toBe(chosen);
  });

  it('gives way to an explicit folder, and falls back when the saved folder is gone', async () => {
    const chosen = join(root, 'chosen');
    await startService(defaultRuns).call('runs.setDir', { dir: chosen });
    const flag = join(root, 'from-flag');
    expect(await resolveRunsDir({ explicit: flag, dataDir, fallback: defaultRuns })).toBe(flag);

    await rm(chosen, { recursive: true });
    expect(await resolveRunsDir({ dataDir, fallback: defaultRuns })).toBe(defaultRuns);
  });

  it('ignores a corrupt settings file and replaces it on the next change, keeping keys it does not know', async () => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(settingsPath(dataDir), '{ not json');
    expect(await resolveRunsDir({ dataDir, fallback: defaultRuns })).toBe(defaultRuns);

    const api = startService(defaultRuns);
    const chosen = join(root, 'chosen');
    await api.call('runs.setDir', { dir: chosen });
    expect(await savedSettings()).toEqual({ runsDir: chosen });

    await writeFile(settingsPath(dataDir), JSON.stringify({ runsDir: chosen, futureOption: 3 }));
    await api.call('runs.setDir', { dir: defaultRuns });
    expect(await savedSettings()).toEqual({ runsDir: defaultRuns, futureOption: 3 });
  });

  it('refuses a file as the runs folder and leaves folder and setting unchanged', async () => {
    const api = startService(defaultRuns);
    const file = join(root, 'not-a-folder.txt');
    await writeFile(file, 'x');
    const error = await api.call('runs.setDir', { dir: file }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe('bad_input');
    expect((error as StudioError).message).toMatch(/is a file, not a folder/);
    expect((await api.call('app.info', {})).runsDir).toBe(defaultRuns);
    expect(await resolveRunsDir({ dataDir, fallback: join(root, 'other') })).toBe(join(root, 'other'));
  });
});
