/**
 * The browser host: the built renderer and the API over a WebSocket, on 127.0.0.1 only, behind a
 * per-start random token. Everything else (datasets, runs, jobs) is the shared backend service.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join, resolve } from 'node:path';
import { WebSocketServer } from 'ws';
import { readFileSync } from 'node:fs';
import { DEFAULT_MAX_UPLOAD_BYTES, hostOffers, MAX_FRAME_BYTES, UPLOAD_PATH, type StudioApi } from '../common/contract';
import { createStudioService } from '../service/service';
import { serveApiSocket } from './api-socket';
import { rawRefusal, securityHeaders, sendText } from './http-responses';
import { serveUpload, type UploadTarget } from './upload-route';
import { removeStaleUploads } from '../service/upload-store';
import { judgeRequest, type HostIdentity } from './request-guard';
import { readStatic } from '../service/static-files';
import { newToken, sessionCookie } from './token';

/** What the host needs from the backend service. */
export interface HostedService extends StudioApi {
  dispose(): Promise<void> | void;
}

export interface HostOptions {
  /** 0 or absent = a free port. */
  port?: number;
  /** The built renderer; defaults to `out/renderer` of this checkout. */
  rendererDir?: string;
  /** The backend to serve; when absent one is created over runsDir and dataDir. */
  service?: HostedService;
  runsDir?: string;
  dataDir?: string;
  /** Most training workers at once for a service created here (default: the core count). */
  maxWorkers?: number;
  /** Reported by app.info; defaults to package.json's version. */
  appVersion?: string;
  /** Largest streamed upload (POST /upload) in bytes; DEFAULT_MAX_UPLOAD_BYTES when absent. */
  maxUploadBytes?: number;
}

export interface RunningHost {
  /** The URL to open, token included. */
  url: string;
  port: number;
  token: string;
  /** The backend being served (the one passed in, or the one created). */
  service: HostedService;
  /** Closes sockets and the server, then disposes the service (which stops its jobs). */
  close(): Promise<void>;
}

export const API_PATH = '/api';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

function serviceFor(options: HostOptions): HostedService {
  if (options.service) return options.service;
  if (!options.runsDir || !options.dataDir) throw new Error('startHost needs either a service or both runsDir and dataDir');
  return createStudioService({
    runsDir: options.runsDir,
    dataDir: options.dataDir,
    host: 'browser',
    appVersion: options.appVersion ?? packageVersion(),
    maxWorkers: options.maxWorkers,
    maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
  });
}

export function defaultRendererDir(): string {
  return resolve(__dirname, '..', '..', 'out', 'renderer');
}

function factsOf(req: IncomingMessage, url: URL) {
  return {
    host: req.headers.host,
    origin: req.headers.origin,
    cookieHeader: req.headers.cookie,
    queryToken: url.searchParams.get('token'),
  };
}

function parseUrl(req: IncomingMessage): URL | undefined {
  try {
    // Only path and query matter; the base is never used for anything but parsing.
    return new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    return undefined;
  }
}

async function handleHttp(req: IncomingMessage, res: ServerResponse, identity: HostIdentity, rendererDir: string, uploads: UploadTarget): Promise<void> {
  const { port } = identity;
  const url = parseUrl(req);
  if (!url) return sendText(res, port, 400, 'malformed request URL');
  const verdict = judgeRequest(factsOf(req, url), identity);
  if (verdict.kind === 'deny') return sendText(res, port, verdict.status, verdict.reason, { Connection: 'close' });
  if (url.pathname === UPLOAD_PATH) return serveUpload(req, res, url, port, uploads);
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, port, 405, `${req.method ?? ''} is not supported here`, { Allow: 'GET, HEAD' });
  if (verdict.kind === 'allow-with-query-token') {
    // Move the token into an HttpOnly cookie and out of the address bar (and history, and screenshots).
    url.searchParams.delete('token');
    const clean = url.pathname + (url.searchParams.size > 0 ? `?${url.searchParams.toString()}` : '');
    res.writeHead(303, { ...securityHeaders(port), Location: clean, 'Set-Cookie': sessionCookie(port, identity.token), 'Content-Length': '0' });
    return void res.end();
  }
  if (url.pathname === API_PATH) return sendText(res, port, 426, 'the API is a WebSocket: connect with an Upgrade request', { Upgrade: 'websocket' });
  const result = await readStatic(rendererDir, url.pathname);
  if (result.kind === 'not-built') return sendText(res, port, 503, result.message);
  if (result.kind === 'not-found') return sendText(res, port, 404, `not found: ${url.pathname}`);
  res.writeHead(200, { ...securityHeaders(port), 'Content-Type': result.contentType, 'Content-Length': String(result.body.length) });
  res.end(req.method === 'HEAD' ? undefined : result.body);
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(rawRefusal(status, reason));
  socket.destroy();
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const rendererDir = options.rendererDir ?? defaultRendererDir();
  const token = newToken();
  const identity: HostIdentity = { port: 0, token };
  const service = serviceFor(options);
  const uploads: UploadTarget = { dataDir: options.dataDir ? resolve(options.dataDir) : undefined, maxBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES };
  // What a host killed mid-upload left behind; nothing waits on it.
  if (uploads.dataDir) void removeStaleUploads(uploads.dataDir).catch(() => undefined);

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  wss.on('connection', (socket) => serveApiSocket(socket, service, (method) => hostOffers('browser', method)));

  const server = createServer((req, res) => {
    handleHttp(req, res, identity, rendererDir, uploads).catch((err: unknown) => {
      if (!res.headersSent) sendText(res, identity.port, 500, `internal error: ${err instanceof Error ? err.message : String(err)}`);
      else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that resets mid-handshake must not become an unhandled 'error' that ends the host.
    socket.on('error', () => socket.destroy());
    const url = parseUrl(req);
    if (!url || url.pathname !== API_PATH) return refuseUpgrade(socket, 404, `no WebSocket endpoint here; the API is at ${API_PATH}`);
    const verdict = judgeRequest(factsOf(req, url), identity);
    if (verdict.kind === 'deny') return refuseUpgrade(socket, verdict.status, verdict.reason);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  try {
    await new Promise<void>((resolveListen, rejectListen) => {
      server.once('error', rejectListen);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', rejectListen);
        resolveListen();
      });
    });
  } catch (err) {
    if (!options.service) await service.dispose();
    const code = (err as { code?: unknown }).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${options.port} on 127.0.0.1 is already in use; pick another with --port, or leave it out to get a free one`);
    throw err;
  }
  identity.port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const client of wss.clients) client.close(1001, 'server shutting down');
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      for (const client of wss.clients) client.terminate();
      wss.close();
      await service.dispose();
    })();
    return closing;
  };

  return { url: `http://127.0.0.1:${identity.port}/?token=${token}`, port: identity.port, token, service, close };
}
