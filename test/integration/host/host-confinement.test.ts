/**
 * What a page holding the browser host's token can reach, probed over a real WebSocket against the
 * real service: only runs are deleted (into a trash folder inside the runs folder), no method takes
 * a path for reading a data file or writing an export, the runs folder must be empty or hold runs,
 * and an export never writes through a link planted in a run's folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../src-main/common/contract';
import { RunStore } from '../../../src-main/engine/run';
import type { RunConfig } from '../../../src-main/engine/spec';
import { startHost, type RunningHost } from '../../../src-main/host/server';
import { connectClient, type HostClient } from './host-client';

let dir: string;
let runsDir: string;
let host: RunningHost;
let client: HostClient;
let config: RunConfig;
let info: AppInfo;

/** A run record written by the app's own run store (what a finished run leaves behind, minus training). */
async function makeRun(root = runsDir): Promise<string> {
  const handle = await new RunStore(root).create(config, { name: 'sample', sha256: 'a'.repeat(64), rows: 144 }, info.backend, { status: 'completed' });
  return handle.id;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rnn-host-confine-'));
  runsDir = join(dir, 'runs');
  host = await startHost({ runsDir, dataDir: join(dir, 'data'), rendererDir: join(dir, 'no-renderer') });
  client = await connectClient(host);
  info = await client.call<AppInfo>('app.info', {});
  const dataset = await client.call<{ id: string }>('datasets.openSample', {});
  config = await client.call<RunConfig>('config.suggest', { datasetId: dataset.id, target: ['Passengers'] });
  await mkdir(runsDir, { recursive: true });
});

afterAll(async () => {
  client?.close();
  await host?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('runs.delete removes only our runs', () => {
  it('refuses a plain file in the runs folder and leaves it', async () => {
    await writeFile(join(runsDir, 'notes.txt'), 'keep me');
    const error = await client.refused('runs.delete', { runId: 'notes.txt' });
    expect(error.code).toBe('bad_input');
    expect(error.message).toContain('not a run folder');
    expect(readFileSync(join(runsDir, 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it('refuses a folder without run.json, and one whose run.json is not a run record', async () => {
    await mkdir(join(runsDir, 'photos'));
    await writeFile(join(runsDir, 'photos', 'a.jpg'), 'jpeg');
    const plain = await client.refused('runs.delete', { runId: 'photos' });
    expect(plain.message).toMatch(/not a run this app wrote.*run\.json is missing/);
    expect(existsSync(join(runsDir, 'photos', 'a.jpg'))).toBe(true);

    await mkdir(join(runsDir, 'fake'));
    await writeFile(join(runsDir, 'fake', 'run.json'), JSON.stringify({ id: 'fake', hello: 'world' }));
    const fake = await client.refused('runs.delete', { runId: 'fake' });
    expect(fake.code).toBe('bad_input');
    expect(fake.message).toContain('not a run record');
    expect(existsSync(join(runsDir, 'fake', 'run.json'))).toBe(true);
  });

  it('refuses a link to a run folder elsewhere and leaves the run it points to', async () => {
    const elsewhere = join(dir, 'elsewhere');
    await mkdir(elsewhere);
    const id = await makeRun(elsewhere);
    await symlink(join(elsewhere, id), join(runsDir, 'linked'));
    const error = await client.refused('runs.delete', { runId: 'linked' });
    expect(error.message).toContain('a link');
    expect(existsSync(join(elsewhere, id, 'run.json'))).toBe(true);
  });

  it('moves a real run into <runs>/.trash, from where it can be restored', async () => {
    const id = await makeRun();
    expect((await client.call<{ runs: { id: string }[] }>('runs.list', {})).runs.map((r) => r.id)).toContain(id);
    await client.call('runs.delete', { runId: id });
    expect(existsSync(join(runsDir, id))).toBe(false);
    const trashed = (await readdir(join(runsDir, '.trash'))).filter((name) => name.startsWith(`${id}-`));
    expect(trashed).toHaveLength(1);
    const kept = JSON.parse(await readFile(join(runsDir, '.trash', trashed[0], 'run.json'), 'utf8')) as { id: string };
    expect(kept.id).toBe(id);
    // The trash is not a run and is not listed.
    const listing = await client.call<{ runs: { id: string }[]; skipped: { folder: string }[] }>('runs.list', {});
    expect(listing.runs.map((r) => r.id)).not.toContain(id);
    expect(listing.skipped.map((s) => s.folder)).not.toContain('.trash');
  });
});

describe('no method takes a path on the host’s disk from the page', () => {
  it.each([
    ['datasets.openPath', { path: '/etc/passwd' }],
    ['export.modelTo', { runId: 'x', dir: '/tmp/anywhere' }],
    ['export.predictionsTo', { runId: 'x', path: '/tmp/anywhere.csv' }],
  ])('refuses %s as not offered, naming what to do instead', async (method, input) => {
    const error = await client.refused(method, input);
    expect(error).toMatchObject({ code: 'bad_input', where: 'method' });
    expect(error.message).toContain(`${method} is not offered here`);
    expect(error.message).toContain('Upload the file instead');
  });

  it('refuses a dir on export.model and a path on export.predictions, writing nothing there', async () => {
    const id = await makeRun();
    const target = join(dir, 'dropped-model');
    const model = await client.refused('export.model', { runId: id, dir: target });
    expect(model.code).toBe('bad_input');
    expect(model.message).toContain('dir');
    const csvTarget = join(dir, '.bashrc');
    const csv = await client.refused('export.predictions', { runId: id, path: csvTarget });
    expect(csv.message).toContain('path');
    expect(existsSync(target)).toBe(false);
    expect(existsSync(csvTarget)).toBe(false);
  });
});

describe('exports into the run’s folder replace only regular files', () => {
  const fakeModel = JSON.stringify({ modelTopology: {}, weightsManifest: [] });

  async function runWithModel(): Promise<string> {
    const id = await makeRun();
    await mkdir(join(runsDir, id, 'model'));
    await writeFile(join(runsDir, id, 'model', 'model.json'), fakeModel);
    await writeFile(join(runsDir, id, 'model', 'weights.bin'), Buffer.from([1, 2, 3, 4]));
    return id;
  }

  it('copies the model into export/model', async () => {
    const id = await runWithModel();
    const written = await client.call<{ dir: string; files: string[] }>('export.model', { runId: id });
    expect(written.dir).toBe(join(runsDir, id, 'export', 'model'));
    expect(readFileSync(join(written.dir, 'model.json'), 'utf8')).toBe(fakeModel);
  });

  it('refuses to write through a link planted at an export file, leaving its target untouched', async () => {
    const id = await runWithModel();
    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'precious');
    await mkdir(join(runsDir, id, 'export', 'model'), { recursive: true });
    await symlink(victim, join(runsDir, id, 'export', 'model', 'weights.bin'));
    const error = await client.refused('export.model', { runId: id });
    expect(error.message).toMatch(/weights\.bin is a link, not a regular file/);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });

  it('refuses an export folder that is a link to somewhere else', async () => {
    const id = await runWithModel();
    const outside = join(dir, 'outside');
    await mkdir(outside);
    await symlink(outside, join(runsDir, id, 'export'));
    const error = await client.refused('export.model', { runId: id });
    expect(error.message).toMatch(/export is a link, not a folder/);
    expect(await readdir(outside)).toEqual([]);
  });
});

describe('runs.setDir takes only a folder that is empty or holds runs', () => {
  it('refuses a folder with other content, without listing it', async () => {
    const private_ = join(dir, 'private');
    await mkdir(join(private_, 'secrets'), { recursive: true });
    await writeFile(join(private_, 'diary.txt'), 'x');
    const error = await client.refused('runs.setDir', { dir: private_ });
    expect(error.code).toBe('bad_input');
    expect(error.message).toContain('holds no runs');
    expect(error.message).not.toContain('diary');
    expect(error.message).not.toContain('secrets');
    expect((await client.refused('runs.setDir', { dir: '/etc' })).message).toContain('holds no runs');
    expect((await client.call<AppInfo>('app.info', {})).runsDir).toBe(runsDir);
  });

  it('refuses a file, and a new folder whose parent is missing (creating nothing)', async () => {
    await writeFile(join(dir, 'file.txt'), 'x');
    expect((await client.refused('runs.setDir', { dir: join(dir, 'file.txt') })).message).toContain('is a file, not a folder');
    const deep = join(dir, 'a', 'b', 'c');
    const error = await client.refused('runs.setDir', { dir: deep });
    expect(error.message).toContain(`${join(dir, 'a', 'b')} does not exist`);
    expect(existsSync(join(dir, 'a'))).toBe(false);
  });

  it('refuses a path where no folder can be made (/proc) at once instead of hanging', async () => {
    const error = await client.refused('runs.setDir', { dir: '/proc/rnn-studio-runs' });
    expect(error.message).toContain('cannot create the folder /proc/rnn-studio-runs');
    expect((await client.refused('runs.setDir', { dir: '/proc/no-such/runs' })).message).toContain('/proc/no-such does not exist');
  });

  it('accepts a new folder in an existing one, and a folder of runs, and lists their runs', async () => {
    const fresh = join(dir, 'fresh-runs');
    expect(await client.call('runs.setDir', { dir: fresh })).toEqual({ runs: [], skipped: [] });
    expect(existsSync(fresh)).toBe(true);
    const withRuns = join(dir, 'with-runs');
    await mkdir(withRuns);
    const id = await makeRun(withRuns);
    const listing = await client.call<{ runs: { id: string }[] }>('runs.setDir', { dir: withRuns });
    expect(listing.runs.map((r) => r.id)).toEqual([id]);
    await client.call('runs.setDir', { dir: runsDir });
  });
});
