/**
 * The desktop's export methods (a path from a native dialog) still replace only regular files and
 * create at most the one folder named: a device, a folder, a link or a foreign model.json at the
 * target is refused, and a missing parent is not created.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError, type StudioApi } from '../../../src-main/common/contract';
import { RunStore } from '../../../src-main/engine/run';
import { createStudioService, type StudioService } from '../../../src-main/service';
import { createInMemoryClient } from '../../../src-main/service/in-memory-client';

let root: string;
let service: StudioService;
let api: StudioApi;
let runId: string;

async function refusal(call: Promise<unknown>): Promise<StudioError> {
  const outcome = await call.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(outcome instanceof StudioError)) throw new Error(`expected a refusal, got ${String(outcome)}`);
  return outcome;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'rnn-export-targets-'));
  const runsDir = join(root, 'runs');
  service = createStudioService({ runsDir, dataDir: join(root, 'data'), host: 'electron', appVersion: '0.0.0-test' });
  api = createInMemoryClient(service);
  const dataset = await api.call('datasets.openSample', {});
  const config = await api.call('config.suggest', { datasetId: dataset.id, target: ['Passengers'] });
  const info = await api.call('app.info', {});
  const handle = await new RunStore(runsDir).create(config, { name: 'sample', sha256: 'b'.repeat(64), rows: 144 }, info.backend, { status: 'completed' });
  runId = handle.id;
  await mkdir(join(handle.dir, 'model'));
  await writeFile(join(handle.dir, 'model', 'model.json'), JSON.stringify({ modelTopology: {}, weightsManifest: [] }));
  await writeFile(join(handle.dir, 'model', 'weights.bin'), Buffer.from([9, 9]));
});

afterAll(async () => {
  await service?.dispose();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('export.predictionsTo', () => {
  it('refuses a device, a folder and a link at the target, and a missing parent folder', async () => {
    expect((await refusal(api.call('export.predictionsTo', { runId, path: '/dev/null' }))).message).toContain('/dev/null is a device, not a regular file');
    await mkdir(join(root, 'a-folder.csv'));
    expect((await refusal(api.call('export.predictionsTo', { runId, path: join(root, 'a-folder.csv') }))).message).toContain('is a folder, not a regular file');
    await writeFile(join(root, 'victim'), 'keep');
    await symlink(join(root, 'victim'), join(root, 'link.csv'));
    expect((await refusal(api.call('export.predictionsTo', { runId, path: join(root, 'link.csv') }))).message).toContain('is a link');
    expect(readFileSync(join(root, 'victim'), 'utf8')).toBe('keep');
    const deep = join(root, 'new', 'dirs', '.bashrc');
    expect((await refusal(api.call('export.predictionsTo', { runId, path: deep }))).message).toContain('is not an existing folder');
    expect(existsSync(join(root, 'new'))).toBe(false);
  });
});

describe('export.modelTo', () => {
  it('writes into a folder it may create (one level), and again over its own export', async () => {
    const target = join(root, 'exported');
    const first = await api.call('export.modelTo', { runId, dir: target });
    expect(first.files.map((f) => f.slice(target.length + 1)).sort()).toEqual(['model.json', 'weights.bin']);
    await api.call('export.modelTo', { runId, dir: target });
    expect(readFileSync(join(target, 'weights.bin'))).toEqual(Buffer.from([9, 9]));
  });

  it('refuses a folder whose parent is missing, and one holding a model.json that is not a model', async () => {
    const error = await refusal(api.call('export.modelTo', { runId, dir: join(root, 'x', 'y') }));
    expect(error.message).toContain(`${join(root, 'x')} does not exist`);
    expect(existsSync(join(root, 'x'))).toBe(false);
    const foreign = join(root, 'project');
    await mkdir(foreign);
    await writeFile(join(foreign, 'model.json'), '{"name": "my project settings"}');
    expect((await refusal(api.call('export.modelTo', { runId, dir: foreign }))).message).toContain('exists and is not an exported model');
    expect(readFileSync(join(foreign, 'model.json'), 'utf8')).toBe('{"name": "my project settings"}');
  });
});
