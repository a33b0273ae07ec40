/**
 * The browser host over real HTTP and a real WebSocket, with the real backend service behind it:
 * the token, Origin and Host checks, the static renderer, and the API frames.
 */
import { request } from 'node:http';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createStudioService } from '../../../src-main/service/service';
import { startHost, type RunningHost } from '../../../src-main/host/server';
import { cookieName } from '../../../src-main/host/token';

interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

type Opened = { kind: 'open'; socket: WebSocket } | { kind: 'refused'; status: number; body: string };

/** Opens a socket, or reports the HTTP status the upgrade was refused with. */
function connect(port: number, headers: Record<string, string>, path = '/api'): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
    socket.once('open', () => resolve({ kind: 'open', socket }));
    socket.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ kind: 'refused', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    socket.once('error', (err) => reject(err));
  });
}

function nextFrame(socket: WebSocket, predicate: (frame: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      if (predicate(frame)) {
        socket.off('message', onMessage);
        resolve(frame);
      }
    };
    socket.on('message', onMessage);
  });
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

describe('browser host', () => {
  let dir: string;
  let host: RunningHost;
  let cookie: string;
  let origin: string;
  let hostHeader: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rnn-host-'));
    const rendererDir = join(dir, 'renderer');
    await mkdir(join(rendererDir, 'assets'), { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>RNN Studio</title><p id="marker">renderer-index</p>');
    await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
    const service = createStudioService({ runsDir: join(dir, 'runs'), dataDir: join(dir, 'data'), host: 'browser', appVersion: '0.0.0-test' });
    host = await startHost({ service, rendererDir });
    cookie = `${cookieName(host.port)}=${host.token}`;
    origin = `http://127.0.0.1:${host.port}`;
    hostHeader = `127.0.0.1:${host.port}`;
  });

  afterAll(async () => {
    await host?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints a 127.0.0.1 URL with a 128-bit hex token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{32}$/);
  });

  describe('HTTP', () => {
    it('refuses a request without the token with 401 and says how to get in', async () => {
      const res = await get(host.port, '/');
      expect(res.status).toBe(401);
      expect(res.body).toContain('printed');
      expect(res.body).not.toContain('renderer-index');
    });

    it('refuses a wrong token with 403, in the query and in the cookie', async () => {
      const wrongQuery = await get(host.port, `/?token=${'0'.repeat(32)}`);
      expect(wrongQuery.status).toBe(403);
      expect(wrongQuery.headers['set-cookie']).toBeUndefined();
      const wrongCookie = await get(host.port, '/', { Cookie: `${cookieName(host.port)}=${'f'.repeat(32)}` });
      expect(wrongCookie.status).toBe(403);
      expect(wrongCookie.body).not.toContain('renderer-index');
    });

    it('trades a good query token for an HttpOnly SameSite=Strict cookie and redirects to the clean URL', async () => {
      const res = await get(host.port, `/?token=${host.token}&view=data`);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/?view=data');
      const setCookie = String(res.headers['set-cookie']);
      expect(setCookie).toContain(`${cookieName(host.port)}=${host.token}`);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Strict');
    });

    it('serves the renderer with the cookie, with CSP, nosniff and no-referrer headers', async () => {
      const res = await get(host.port, '/', { Cookie: cookie });
      expect(res.status).toBe(200);
      expect(res.body).toContain('renderer-index');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain(`ws://127.0.0.1:${host.port}`);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      const asset = await get(host.port, '/assets/app.js', { Cookie: cookie });
      expect(asset.status).toBe(200);
      expect(asset.headers['content-type']).toContain('text/javascript');
    });

    it('accepts localhost:PORT as Host and Origin too', async () => {
      const res = await get(host.port, '/', { Cookie: cookie, Host: `localhost:${host.port}`, Origin: `http://localhost:${host.port}` });
      expect(res.status).toBe(200);
    });

    it('refuses a foreign Origin even with a good cookie', async () => {
      const res = await get(host.port, '/', { Cookie: cookie, Origin: 'http://evil.example' });
      expect(res.status).toBe(403);
      expect(res.body).toContain('evil.example');
    });

    it('refuses a foreign Host header even with a good cookie (DNS rebinding)', async () => {
      const res = await get(host.port, '/', { Cookie: cookie, Host: `rebind.evil.example:${host.port}` });
      expect(res.status).toBe(403);
      const otherPort = await get(host.port, '/', { Cookie: cookie, Host: `127.0.0.1:${host.port + 1}` });
      expect(otherPort.status).toBe(403);
    });

    it('does not serve files outside the renderer folder', async () => {
      const res = await get(host.port, '/%2e%2e/%2e%2e/package.json', { Cookie: cookie });
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('"name"');
    });

    it('answers the API path over plain HTTP with 426 Upgrade Required', async () => {
      const res = await get(host.port, '/api', { Cookie: cookie });
      expect(res.status).toBe(426);
    });
  });

  describe('WebSocket upgrade', () => {
    it('refuses an upgrade without the token (401) and with a wrong one (403)', async () => {
      const none = await connect(host.port, { Origin: origin });
      expect(none).toMatchObject({ kind: 'refused', status: 401 });
      const wrong = await connect(host.port, { Origin: origin, Cookie: `${cookieName(host.port)}=${'a'.repeat(32)}` });
      expect(wrong).toMatchObject({ kind: 'refused', status: 403 });
    });

    it('refuses an upgrade from a foreign Origin (cross-site WebSocket hijacking)', async () => {
      const res = await connect(host.port, { Origin: 'http://evil.example', Cookie: cookie });
      expect(res).toMatchObject({ kind: 'refused', status: 403 });
    });

    it('refuses an upgrade with a foreign Host header (DNS rebinding)', async () => {
      // Our own Origin, so only the Host check can refuse it.
      const res = await connect(host.port, { Origin: origin, Host: `rebind.evil.example:${host.port}`, Cookie: cookie });
      expect(res).toMatchObject({ kind: 'refused', status: 403 });
      expect(res.kind === 'refused' && res.body).toContain('Host header');
    });

    it('refuses an upgrade on any path but /api', async () => {
      const res = await connect(host.port, { Origin: origin, Cookie: cookie }, '/other');
      expect(res).toMatchObject({ kind: 'refused', status: 404 });
    });
  });

  describe('API frames', () => {
    let socket: WebSocket;

    beforeAll(async () => {
      const opened = await connect(host.port, { Origin: origin, Cookie: cookie, Host: hostHeader });
      if (opened.kind !== 'open') throw new Error(`socket refused: ${opened.status} ${opened.body}`);
      socket = opened.socket;
    });

    afterAll(() => socket?.close());

    it('round-trips app.info', async () => {
      const reply = nextFrame(socket, (f) => f.id === 1);
      socket.send(JSON.stringify({ id: 1, method: 'app.info', input: {} }));
      const frame = await reply;
      expect(frame.ok).toBe(true);
      const output = frame.output as { host: string; contractVersion: number; appVersion: string; backend: { name: string } };
      expect(output.host).toBe('browser');
      expect(output.appVersion).toBe('0.0.0-test');
      expect(output.contractVersion).toBeGreaterThanOrEqual(1);
      expect(['tensorflow', 'wasm', 'cpu']).toContain(output.backend.name);
    });

    it('answers a bad payload with a bad_input error naming the field', async () => {
      const reply = nextFrame(socket, (f) => f.id === 2);
      socket.send(JSON.stringify({ id: 2, method: 'datasets.rows', input: { datasetId: 'x', offset: -1, limit: 5 } }));
      const frame = await reply;
      expect(frame.ok).toBe(false);
      expect(frame.error).toMatchObject({ code: 'bad_input', where: 'offset' });
    });

    it('answers an unknown method with an error naming it', async () => {
      const reply = nextFrame(socket, (f) => f.id === 3);
      socket.send(JSON.stringify({ id: 3, method: 'system.exec', input: { cmd: 'rm -rf /' } }));
      const frame = await reply;
      expect(frame.ok).toBe(false);
      expect(frame.error).toMatchObject({ code: 'bad_input' });
      expect((frame.error as { message: string }).message).toContain('system.exec');
    });

    it('answers a service failure as an error frame, keeping the message', async () => {
      const reply = nextFrame(socket, (f) => f.id === 4);
      socket.send(JSON.stringify({ id: 4, method: 'runs.get', input: { runId: 'no-such-run' } }));
      const frame = await reply;
      expect(frame.ok).toBe(false);
      expect(frame.error).toMatchObject({ code: 'not_found' });
      expect((frame.error as { message: string }).message).toContain('no-such-run');
    });
  });

  describe('abuse closes the socket with a reason', () => {
    async function open(): Promise<WebSocket> {
      const opened = await connect(host.port, { Origin: origin, Cookie: cookie });
      if (opened.kind !== 'open') throw new Error(`socket refused: ${opened.status}`);
      return opened.socket;
    }

    it('closes on a frame that is not JSON', async () => {
      const socket = await open();
      const done = closed(socket);
      socket.send('this is not json');
      expect(await done).toEqual({ code: 1007, reason: 'frames must be JSON' });
    });

    it('closes on JSON that is not a request frame', async () => {
      const socket = await open();
      const done = closed(socket);
      socket.send(JSON.stringify({ hello: 'world' }));
      const { code, reason } = await done;
      expect(code).toBe(1008);
      expect(reason).toContain('request frame');
    });

    it('closes on a binary frame', async () => {
      const socket = await open();
      const done = closed(socket);
      socket.send(Buffer.from([1, 2, 3]));
      expect((await done).code).toBe(1003);
    });
  });
});

describe('browser host events', () => {
  it('pushes service events to every socket and drops a socket\'s listeners when it closes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rnn-host-events-'));
    const real = createStudioService({ runsDir: join(dir, 'runs'), dataDir: join(dir, 'data'), host: 'browser', appVersion: '0.0.0-test' });
    // The real service, with a count of the listeners the host holds on it.
    let listeners = 0;
    const service = {
      call: real.call.bind(real),
      dispose: () => real.dispose(),
      on: ((event, listener) => {
        listeners++;
        const unsubscribe = real.on(event, listener);
        return () => {
          listeners--;
          unsubscribe();
        };
      }) as typeof real.on,
    };
    const host = await startHost({ service, rendererDir: join(dir, 'no-renderer') });
    const headers = { Origin: `http://127.0.0.1:${host.port}`, Cookie: `${cookieName(host.port)}=${host.token}` };
    try {
      const a = await connect(host.port, headers);
      const b = await connect(host.port, headers);
      if (a.kind !== 'open' || b.kind !== 'open') throw new Error('sockets refused');
      const perSocket = listeners / 2;
      expect(perSocket).toBeGreaterThan(0);
      const seenByA = nextFrame(a.socket, (f) => f.event === 'runs.changed');
      const seenByB = nextFrame(b.socket, (f) => f.event === 'runs.changed');
      a.socket.send(JSON.stringify({ id: 1, method: 'runs.setDir', input: { dir: join(dir, 'runs') } }));
      expect(await seenByA).toEqual({ event: 'runs.changed', payload: {} });
      expect(await seenByB).toEqual({ event: 'runs.changed', payload: {} });

      const bClosed = closed(b.socket);
      b.socket.close();
      await bClosed;
      await expect.poll(() => listeners).toBe(perSocket);
      const aClosed = closed(a.socket);
      a.socket.close();
      await aClosed;
      await expect.poll(() => listeners).toBe(0);
    } finally {
      await host.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('browser host start-up', () => {
  it('creates its own service from runsDir/dataDir and says clearly when the port is taken', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rnn-host-port-'));
    const first = await startHost({ runsDir: join(dir, 'runs'), dataDir: join(dir, 'data'), rendererDir: join(dir, 'r') });
    try {
      const info = await first.service.call('app.info', {});
      expect(info.host).toBe('browser');
      await expect(startHost({ port: first.port, runsDir: join(dir, 'runs'), dataDir: join(dir, 'data') })).rejects.toThrow(`port ${first.port} on 127.0.0.1 is already in use`);
    } finally {
      await first.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('browser host without a built renderer', () => {
  it('answers with a clear 503 that says how to build', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rnn-host-empty-'));
    const service = createStudioService({ runsDir: join(dir, 'runs'), dataDir: join(dir, 'data'), host: 'browser', appVersion: '0.0.0-test' });
    const host = await startHost({ service, rendererDir: join(dir, 'missing-renderer') });
    try {
      const res = await get(host.port, '/', { Cookie: `${cookieName(host.port)}=${host.token}` });
      expect(res.status).toBe(503);
      expect(res.body).toContain('npm run build');
    } finally {
      await host.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
