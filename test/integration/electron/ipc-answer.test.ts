/** The IPC adapter's answers, with the real backend service behind them (Electron itself cannot run here). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../../../src-main/electron/ipc-answer';
import { createStudioService, type StudioService } from '../../../src-main/service/service';

describe('IPC answers', () => {
  let dir: string;
  let service: StudioService;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rnn-ipc-'));
    service = createStudioService({ runsDir: join(dir, 'runs'), dataDir: join(dir, 'data'), host: 'electron', appVersion: '0.0.0-test' });
  });
  afterAll(async () => {
    await service?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers a good call with its output as data', async () => {
    const reply = await answer(service, 'app.info', {});
    expect(reply.ok).toBe(true);
    expect(reply.ok && (reply.output as { host: string }).host).toBe('electron');
  });

  it('answers bad input with a bad_input ApiError naming the field, before reaching the service', async () => {
    const reply = await answer(service, 'datasets.rows', { datasetId: 'x', offset: -1, limit: 5 });
    expect(reply).toEqual({ ok: false, error: expect.objectContaining({ code: 'bad_input', where: 'offset' }) });
  });

  it('answers a service failure with its code and message intact, as plain data', async () => {
    const reply = await answer(service, 'runs.get', { runId: 'no-such-run' });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('not_found');
    expect(reply.error.message).toContain('no-such-run');
    // Plain data survives structured cloning across IPC unchanged.
    expect(structuredClone(reply)).toEqual(reply);
    expect(Object.getPrototypeOf(reply.error)).toBe(Object.prototype);
  });
});
