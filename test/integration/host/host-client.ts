/**
 * A test client for a real browser host over a real WebSocket: typed-enough calls that resolve to
 * the response frame, waits on pushed events (never fixed sleeps), and raw frames written straight
 * onto the TCP socket for protocol abuse the `ws` client would refuse to produce.
 */
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { cookieName } from '../../../src-main/host/token';
import type { RunningHost } from '../../../src-main/host/server';

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

export function authHeaders(host: RunningHost): Record<string, string> {
  return { Origin: `http://127.0.0.1:${host.port}`, Cookie: `${cookieName(host.port)}=${host.token}` };
}

export async function connectClient(host: RunningHost): Promise<HostClient> {
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
