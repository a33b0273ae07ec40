import { describe, expect, it } from 'vitest';
import { message, parseMessage, ParentMessage, WorkerMessage, PROTOCOL_VERSION } from '../../../src-main/worker/protocol';
import { RunConfig } from '../../../src-main/engine/spec';

describe('worker protocol', () => {
  it('stamps the version and round-trips every parent message', () => {
    const config = RunConfig.parse({ series: { target: ['y'] }, window: { lookback: 4 }, model: { layers: [{ units: 2 }] }, train: {} });
    const start = message<ParentMessage>({ type: 'start', runDir: '/r', dataPath: '/d.csv', config });
    expect(start.protocol).toBe(PROTOCOL_VERSION);
    expect(parseMessage(ParentMessage, start)).toEqual({ ok: true, message: start });
    for (const type of ['pause', 'resume', 'stop'] as const) expect(parseMessage(ParentMessage, { protocol: 1, type }).ok).toBe(true);
  });

  it('rejects another protocol version with a message saying so', () => {
    const parsed = parseMessage(WorkerMessage, { protocol: 2, type: 'heartbeat', at: 1 });
    expect(parsed).toEqual({ ok: false, error: 'protocol version 2 is not supported (this side speaks 1)' });
  });

  it('names the bad field of an invalid message', () => {
    const parsed = parseMessage(WorkerMessage, { protocol: 1, type: 'event', event: { type: 'epoch', epoch: 'one' } });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/^event\.\w+: /);
    expect(parseMessage(WorkerMessage, { protocol: 1, type: 'done', status: 'exploded' }).ok).toBe(false);
  });

  it('accepts worker messages of every kind', () => {
    const backend = { name: 'cpu', native: false, tfjsVersion: '4.22.0' };
    const messages = [
      { protocol: 1, type: 'hello', pid: 12, backend },
      { protocol: 1, type: 'heartbeat', at: Date.now() },
      { protocol: 1, type: 'event', event: { type: 'checkpoint', epoch: 2, valLoss: 0.1 } },
      { protocol: 1, type: 'done', status: 'stopped', message: 'user' },
      { protocol: 1, type: 'error', message: 'bad', code: 'bad_input', where: 'a.csv, row 3', detail: 'non-numeric' },
    ];
    for (const m of messages) expect(parseMessage(WorkerMessage, m).ok).toBe(true);
  });
});
