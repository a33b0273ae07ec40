/**
 * A test client for a real browser host over a real WebSocket: typed-enough calls that resolve to
 * the response frame, waits on pushed events (never fixed sleeps), and raw frames written straight
 * onto the TCP socket for protocol abuse the `ws` client would refuse to produce.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { cookieName } from '../../../src-main/host/token';

/** What a client needs of a host: where it listens and its token. */
export interface HostAddress {
  port: number;
  token: string;
}

export type Frame = Record<string, unknown>;
export interface ApiFailure {
  code: string;
  message: string;
  where?: string;
}

export interface HostClient {
  socket: WebSocket;
  /** Resolves with the output, rejects with an Error whose `api` is the error frame's error. */
  call<T = unknown>(method: string, input: unknown): Promise<T>;
  /** Resolves with the error of a call that must fail (and fails the test if it succeeds). */
  refused(method: string, input: unknown): Promise<ApiFailure>;
  /** The first frame (already received or future) matching the predicate. */
  until(predicate: (frame: Frame) => boolean, what: string, timeoutMs?: number): Promise<Frame>;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export function authHeaders(host: HostAddress): Record<string, string> {
  return { Origin: `http://127.0.0.1:${host.port}`, Cookie: `${cookieName(host.port)}=${host.token}` };
}

export async function connectClient(host: HostAddress): Promise<HostClient> {
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api`, { headers: authHeaders(host) });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  // The server closing on abuse may surface as a client-side error too; the close event tells the story.
  socket.on('error', () => undefined);
  const frames: Frame[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as Frame);
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));

  const until = (predicate: (frame: Frame) => boolean, what: string, timeoutMs = 120_000): Promise<Frame> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
      const check = (): void => {
        const found = frames.find(predicate);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else waiters.push(check);
      };
      check();
    });

  let nextId = 1;
  const send = async (method: string, input: unknown): Promise<Frame> => {
    const id = nextId++;
    socket.send(JSON.stringify({ id, method, input }));
    return until((f) => f.id === id, `the answer to ${method}`);
  };
  return {
    socket,
    closed,
    until,
    async call<T>(method: string, input: unknown): Promise<T> {
      const frame = await send(method, input);
      if (frame.ok !== true) throw Object.assign(new Error(`${method} failed: ${JSON.stringify(frame.error)}`), { api: frame.error });
      return frame.output as T;
    },
    async refused(method: string, input: unknown): Promise<ApiFailure> {
      const frame = await send(method, input);
      if (frame.ok !== false) throw new Error(`${method} was expected to be refused but answered ${JSON.stringify(frame.output).slice(0, 300)}`);
      return frame.error as ApiFailure;
    },
    close: () => socket.close(),
  };
}

/**
 * One client-to-server frame as RFC 6455 lays it out (masked, as a client must), written raw.
 * `declaredLength` lets a test announce more payload than it sends.
 */
export function rawFrame(opcode: number, payload: Buffer, declaredLength = payload.length): Buffer {
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  let header: Buffer;
  if (declaredLength < 126) {
    header = Buffer.from([0x80 | opcode, 0x80 | declaredLength]);
  } else if (declaredLength < 65536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 0x80 | 126;
    header.writeUInt16BE(declaredLength, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(declaredLength), 2);
  }
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
  return Buffer.concat([header, mask, masked]);
}

export function writeRaw(socket: WebSocket, bytes: Buffer): void {
  (socket as unknown as { _socket: Socket })._socket.write(bytes);
}

const ROOT = resolve(__dirname, '..', '..', '..');

export interface HostProcess extends HostAddress {
  child: ChildProcess;
  /** Everything it printed, for failure messages. */
  output(): string;
  /** Resolves with the exit code or signal once it has exited. */
  exited: Promise<number | string | null>;
  /** Sends SIGTERM (stops jobs cleanly) and waits for the exit. */
  stop(): Promise<void>;
}

/** `npm run web`'s entry as its own process, so a crash is the host dying and not the test runner. */
export function startHostProcess(runsDir: string, dataDir: string, extraArgs: string[] = []): Promise<HostProcess> {
  const entry = join(ROOT, 'src-main', 'host', 'main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', entry, '--port', '0', '--runs-dir', runsDir, '--data-dir', dataDir, ...extraArgs], {
    cwd: ROOT,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise<number | string | null>((done) => child.once('exit', (code, signal) => done(signal ?? code)));
  return new Promise((resolveStart, reject) => {
    const onData = (): void => {
      const m = /running at http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{32})/.exec(output);
      if (!m) return;
      child.stdout?.off('data', onData);
      resolveStart({
        child,
        port: Number(m[1]),
        token: m[2],
        output: () => output,
        exited,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    void exited.then((how) => reject(new Error(`the host exited before it was ready (${how}):\n${output}`)));
    child.once('error', reject);
  });
}
