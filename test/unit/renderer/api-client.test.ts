import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { WebSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { StudioError } from '../../../src-main/common/contract';
import { createStudioClient, type StudioClient } from '../../../src-renderer/src/api/client';
import { toStudioError } from '../../../src-renderer/src/api/errors';
import type { ConnectionState } from '../../../src-renderer/src/api/transport';
import { apiUrlFor, createWsTransport, type SocketLike } from '../../../src-renderer/src/api/ws-transport';

/** A real WebSocket server speaking the wire protocol; each test scripts its answers. */
let server: WebSocketServer;
let url: string;
let answer: (request: { id: number; method: string; input: unknown }, socket: ServerSocket) => void;
const sockets: ServerSocket[] = [];
let client: StudioClient | null = null;

const backend = { name: 'cpu', native: false, tfjsVersion: '4.22.0', fallbackReason: 'no native binding' };
const appInfo = { appVersion: '0.1.0', contractVersion: 1, host: 'browser', backend, runsDir: '/tmp/runs', cores: 2 };

beforeEach(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  answer = (request, socket) => socket.send(JSON.stringify({ id: request.id, ok: true, output: appInfo }));
  server.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (data) => answer(JSON.parse(String(data)), socket));
  });
});

afterEach(async () => {
  client?.close();
  client = null;
  for (const s of sockets.splice(0)) s.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function connect(): StudioClient {
  const transport = createWsTransport({ url, createSocket: (u) => new WebSocket(u) as unknown as SocketLike, minDelayMs: 10, maxDelayMs: 50 });
  client = createStudioClient(transport, 'browser');
  return client;
}

function nextState(c: StudioClient, wanted: ConnectionState): Promise<void> {
  return new Promise((resolve) => {
    const off = c.onConnectionChange((state) => {
      if (state === wanted) {
        off();
        resolve();
      }
    });
  });
}

describe('browser API client over a real WebSocket', () => {
  test('a request made before the socket opens is sent once it does, and the answer is validated', async () => {
    const c = connect();
    const info = await c.call('app.info', {});
    expect(info.backend.fallbackReason).toBe('no native binding');
  });

  test('server errors arrive as StudioError with code and where', async () => {
    answer = (request, socket) =>
      socket.send(JSON.stringify({ id: request.id, ok: false, error: { code: 'not_found', message: 'no run "x1"', where: 'runId' } }));
    const error = await connect().call('runs.get', { runId: 'x1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudioError);
    expect(error).toMatchObject({ code: 'not_found', message: 'no run "x1"', where: 'runId' });
  });

  test('an answer that breaks the contract is rejected, naming the method and the field', async () => {
    answer = (request, socket) => socket.send(JSON.stringify({ id: request.id, ok: true, output: { ...appInfo, cores: 'two' } }));
    const error = await connect().call('app.info', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe('internal');
    expect((error as StudioError).message).toContain('app.info');
    expect((error as StudioError).where).toBe('cores');
  });

  test('bad input fails locally with the field named, without reaching the server', async () => {
    let reached = false;
    answer = () => (reached = true);
    const error = await connect().call('datasets.rows', { datasetId: 'd1', offset: -1, limit: 10 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'bad_input', where: 'offset' });
    expect(reached).toBe(false);
  });

  test('events are validated: a valid one is delivered, an invalid one dropped, and unsubscribing stops delivery', async () => {
    const c = connect();
    await c.call('app.info', {});
    const got: unknown[] = [];
    const off = c.on('job.event', (payload) => got.push(payload));
    const socket = sockets[0];
    socket.send(JSON.stringify({ event: 'job.event', payload: { runId: 'r1', event: { type: 'status', status: 'paused' } } }));
    socket.send(JSON.stringify({ event: 'job.event', payload: { runId: 'r1', event: { type: 'status', status: 'sleeping' } } }));
    socket.send(JSON.stringify({ event: 'job.event', payload: { runId: 'r1', event: { type: 'status', status: 'running' } } }));
    // A round trip after the events proves they have all been handled (frames arrive in order).
    await c.call('app.info', {});
    expect(got).toEqual([
      { runId: 'r1', event: { type: 'status', status: 'paused' } },
      { runId: 'r1', event: { type: 'status', status: 'running' } },
    ]);
    off();
    socket.send(JSON.stringify({ event: 'job.event', payload: { runId: 'r1', event: { type: 'status', status: 'stopped' } } }));
    await c.call('app.info', {});
    expect(got).toHaveLength(2);
  });

  test('when the connection drops, the call in flight fails clearly and the client reconnects by itself', async () => {
    const c = connect();
    await c.call('app.info', {});
    answer = (_request, socket) => socket.terminate();
    const reconnected = nextState(c, 'reconnecting').then(() => nextState(c, 'open'));
    const error = await c.call('app.info', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).message).toMatch(/dropped while "app.info"/);
    answer = (request, socket) => socket.send(JSON.stringify({ id: request.id, ok: true, output: appInfo }));
    await reconnected;
    await expect(c.call('app.info', {})).resolves.toMatchObject({ cores: 2 });
    expect(sockets.length).toBeGreaterThanOrEqual(2);
  });
});

describe('error normalisation', () => {
  test('Electron IPC errors lose their prefix and keep an embedded ApiError', () => {
    const plain = toStudioError(new Error("Error invoking remote method 'studio:datasets.openPath': Error: file not found: /x.csv"));
    expect(plain).toMatchObject({ code: 'internal', message: 'file not found: /x.csv' });
    const embedded = toStudioError(new Error(`Error invoking remote method 'studio:x': ${JSON.stringify({ code: 'bad_input', message: 'lookback too long', where: 'window.lookback' })}`));
    expect(embedded).toMatchObject({ code: 'bad_input', message: 'lookback too long', where: 'window.lookback' });
  });

  test('ApiError-shaped objects and odd values become StudioErrors', () => {
    expect(toStudioError({ code: 'conflict', message: 'a job is running' })).toMatchObject({ code: 'conflict' });
    expect(toStudioError('boom')).toMatchObject({ code: 'internal', message: 'boom' });
  });

  test('the API address follows the page origin', () => {
    expect(apiUrlFor({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/api');
    expect(apiUrlFor({ protocol: 'https:', host: 'studio.local' })).toBe('wss://studio.local/api');
  });
});
