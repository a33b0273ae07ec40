import { StudioError, WireEvent, WireResponse, type WireRequest } from '@common/contract';
import type { ConnectionState, Transport } from './transport';

/** The subset of the browser WebSocket this transport uses (the `ws` package in tests offers it too). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

const OPEN = 1;

export interface WsTransportOptions {
  url: string;
  createSocket?: SocketFactory;
  /** First reconnect delay; doubles per failed attempt up to maxDelayMs. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

interface Pending {
  method: string;
  resolve: (output: unknown) => void;
  reject: (error: StudioError) => void;
}

/**
 * Requests and events over the browser host's WebSocket. Requests made while the socket is down
 * wait for it; requests in flight when it drops fail (the server may or may not have run them).
 * Reconnects with exponential back-off so a restarting host is not hammered.
 */
export function createWsTransport(options: WsTransportOptions): Transport {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const minDelay = options.minDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 10_000;

  let socket: SocketLike | null = null;
  let state: ConnectionState = 'connecting';
  let attempts = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const queued: WireRequest[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  }

  function connect(): void {
    if (closed) return;
    const current = createSocket(options.url);
    socket = current;
    current.onopen = () => {
      attempts = 0;
      setState('open');
      for (const request of queued.splice(0)) current.send(JSON.stringify(request));
    };
    current.onmessage = (event) => handleFrame(event.data);
    current.onerror = () => {
      // The close event follows and carries the reconnect logic.
    };
    current.onclose = () => {
      if (socket !== current) return;
      socket = null;
      failInFlight();
      if (closed) return;
      setState('reconnecting');
      const delay = Math.min(maxDelay, minDelay * 2 ** attempts);
      attempts += 1;
      reconnectTimer = setTimeout(connect, delay);
    };
  }

  function failInFlight(): void {
    for (const [id, entry] of pending) {
      pending.delete(id);
      entry.reject(
        new StudioError('internal', `The connection to the backend dropped while "${entry.method}" was running. It reconnects by itself; try again in a moment.`),
      );
    }
  }

  function handleFrame(data: unknown): void {
    let frame: unknown;
    try {
      frame = JSON.parse(typeof data === 'string' ? data : String(data));
    } catch {
      console.warn('RNN Studio: ignored a frame that is not JSON');
      return;
    }
    const asEvent = WireEvent.safeParse(frame);
    if (asEvent.success) {
      for (const listener of listeners.get(asEvent.data.event) ?? []) listener(asEvent.data.payload);
      return;
    }
    const asResponse = WireResponse.safeParse(frame);
    if (!asResponse.success) {
      console.warn('RNN Studio: ignored a frame that is neither a response nor an event');
      return;
    }
    const response = asResponse.data;
    const entry = pending.get(response.id);
    if (!entry) return;
    pending.delete(response.id);
    if (response.ok) entry.resolve(response.output);
    else entry.reject(new StudioError(response.error.code, response.error.message, response.error.where, response.error.field));
  }

  connect();

  return {
    desktop: null,
    call(method, input) {
      if (closed) return Promise.reject(new StudioError('internal', 'The connection to the backend is closed.'));
      const request: WireRequest = { id: nextId++, method, input };
      return new Promise<unknown>((resolve, reject) => {
        pending.set(request.id, { method, resolve, reject });
        if (socket && socket.readyState === OPEN) socket.send(JSON.stringify(request));
        else queued.push(request);
      });
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    onConnectionChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      socket?.close(1000, 'client closed');
      socket = null;
      failInFlight();
      for (const request of queued.splice(0)) {
        pending.get(request.id)?.reject(new StudioError('internal', 'The connection to the backend is closed.'));
        pending.delete(request.id);
      }
    },
  };
}

/** The host's WebSocket endpoint on the page's own origin. */
export function apiUrlFor(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`;
}
