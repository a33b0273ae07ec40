/**
 * The API over one WebSocket: request frames → service.call → response frames; every service event →
 * an event frame. A client that sends something that is not a request frame is not a confused user
 * (the app's own client never does): the socket is closed with a reason.
 */
import type { RawData, WebSocket } from 'ws';
import {
  eventNames,
  isMethodName,
  parseInput,
  WireRequest,
  type EventName,
  type MethodInput,
  type MethodName,
  type StudioApi,
  type WireEvent,
  type WireResponse,
} from '../common/contract';
import { toApiError } from '../service/api-errors';

/** Close codes from RFC 6455 §7.4.1. */
export const CLOSE_UNSUPPORTED_DATA = 1003;
export const CLOSE_INVALID_PAYLOAD = 1007;
export const CLOSE_POLICY_VIOLATION = 1008;
export const CLOSE_MESSAGE_TOO_BIG = 1009;

/** More unanswered requests than any UI makes at once. */
export const MAX_IN_FLIGHT = 64;

/** Which methods this adapter offers its page (the browser host leaves out the desktop-only ones). */
export type MethodFilter = (method: MethodName) => boolean;

export function serveApiSocket(socket: WebSocket, service: StudioApi, offers: MethodFilter = () => true): void {
  let inFlight = 0;
  // A frame the protocol layer rejects (invalid UTF-8 → 1007, over maxPayload → 1009) arrives here
  // as an error while `ws` closes the socket with that code. Without a listener the error would be
  // thrown and end the whole host with every job it runs.
  socket.on('error', (err: Error & { code?: string }) => {
    console.warn(`[host] closed a WebSocket: ${err.code ?? 'error'}: ${err.message}`);
  });
  const send = (frame: WireResponse | WireEvent): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };

  const unsubscribers = eventNames.map((name: EventName) => service.on(name, (payload) => send({ event: name, payload })));
  socket.once('close', () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
    unsubscribers.length = 0;
  });

  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) return socket.close(CLOSE_UNSUPPORTED_DATA, 'binary frames are not accepted; send JSON text');
    let json: unknown;
    try {
      json = JSON.parse(rawToString(data));
    } catch {
      return socket.close(CLOSE_INVALID_PAYLOAD, 'frames must be JSON');
    }
    const request = WireRequest.safeParse(json);
    if (!request.success) return socket.close(CLOSE_POLICY_VIOLATION, 'not a request frame: expected {id, method, input}');
    if (inFlight >= MAX_IN_FLIGHT) return socket.close(CLOSE_POLICY_VIOLATION, `more than ${MAX_IN_FLIGHT} requests in flight`);
    inFlight++;
    void answer(service, request.data, offers).then((response) => {
      inFlight--;
      send(response);
    });
  });
}

async function answer(service: StudioApi, request: WireRequest, offers: MethodFilter): Promise<WireResponse> {
  const { id, method } = request;
  if (!isMethodName(method)) {
    return { id, ok: false, error: { code: 'bad_input', message: `unknown method "${method}"`, where: 'method' } };
  }
  if (!offers(method)) {
    const message =
      `${method} is not offered here: it takes a path on the computer running the app, which a page in a browser may not choose. ` +
      'Upload the file instead (datasets.upload); exports go into the run’s own export folder (export.model, export.predictions).';
    return { id, ok: false, error: { code: 'bad_input', message, where: 'method' } };
  }
  try {
    const input = parseInput(method, request.input) as MethodInput<MethodName>;
    const output: unknown = await service.call(method, input);
    return { id, ok: true, output };
  } catch (err) {
    return { id, ok: false, error: toApiError(err) };
  }
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
