/**
 * The desktop keeps its path-taking methods behind native dialogs: the IPC adapter (with the real
 * service behind it) refuses a path the user never chose, and lets a chosen one through — a file to
 * save only once per dialog.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDatasetPath } from '../../../src-main/engine/data';
import { answer } from '../../../src-main/electron/ipc-answer';
import { PathGrants } from '../../../src-main/electron/path-grants';
import { createStudioService, type StudioService } from '../../../src-main/service/service';

let dir: string;
let service: StudioService;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rnn-grants-'));
  service = createStudioService({ runsDir: join(dir, 'runs'), dataDir: join(dir, 'data'), host: 'electron', appVersion: '0.0.0-test' });
});
afterAll(async () => {
  await service?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('desktop path grants', () => {
  it('refuses datasets.openPath for a file the user never opened, and opens one they did', async () => {
    const grants = new PathGrants();
    const refused = await answer(service, 'datasets.openPath', { path: '/etc/passwd' }, grants);
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'bad_input', where: 'path' }) });
    expect(!refused.ok && refused.error.message).toContain('/etc/passwd was not chosen by you in this session');

    grants.grant('open', sampleDatasetPath());
    const opened = await answer(service, 'datasets.openPath', { path: sampleDatasetPath() }, grants);
    expect(opened.ok).toBe(true);
  });

  it('refuses export targets that were not picked, before any work is done', async () => {
    const grants = new PathGrants();
    const csv = join(dir, 'picked.csv');
    const model = join(dir, 'picked-folder');
    for (const [method, input] of [
      ['export.predictionsTo', { runId: 'any-run', path: csv }],
      ['export.modelTo', { runId: 'any-run', dir: model }],
    ] as const) {
      const reply = await answer(service, method, input, grants);
      expect(!reply.ok && reply.error.message).toContain('was not chosen by you in this session');
    }
    expect(existsSync(csv) || existsSync(model)).toBe(false);

    // Once picked, the call reaches the service (which then says the run does not exist); a save
    // path is good for one call only.
    grants.grant('save', csv);
    const first = await answer(service, 'export.predictionsTo', { runId: 'any-run', path: csv }, grants);
    expect(!first.ok && first.error.code).toBe('not_found');
    const again = await answer(service, 'export.predictionsTo', { runId: 'any-run', path: csv }, grants);
    expect(!again.ok && again.error.message).toContain('was not chosen by you');
  });
});
