/**
 * The renderer's one door to the backend. Everything else (stores) goes through `api()`; no other
 * file touches `window.studio` or a WebSocket. Every response and event is validated against the
 * contract, and every failure surfaces as a StudioError (code, message, where).
 */
import {
  events,
  methods,
  parseInput,
  StudioError,
  type DesktopApi,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type StudioApi,
} from '@common/contract';
import { toStudioError } from './errors';
import { createHttpUploader, type FileUploader } from './http-upload';
import { createPreloadTransport } from './preload-transport';
import type { ConnectionState, Transport } from './transport';
import { apiUrlFor, createWsTransport } from './ws-transport';

export type { ConnectionState } from './transport';

export interface StudioClient extends StudioApi {
  /** Native dialogs; null in the browser, where files are uploaded instead. */
  readonly desktop: DesktopApi | null;
  readonly host: 'electron' | 'browser';
  /** The browser host's streamed upload; null in Electron, which opens files by path. */
  readonly uploadFile: FileUploader | null;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  /** Desktop menu commands (Electron only; a no-op subscription elsewhere). */
  onMenuCommand(listener: (command: string) => void): () => void;
  close(): void;
}

/** The desktop bridge adds menu commands to DesktopApi; duck-typed so the renderer needs no Electron types. */
function menuSubscriber(desktop: DesktopApi | null): (listener: (command: string) => void) => () => void {
  const subscribe = (desktop as { onMenuCommand?: unknown } | null)?.onMenuCommand;
  if (typeof subscribe !== 'function') return () => () => undefined;
  return (listener) => (subscribe as (cb: (command: string) => void) => () => void).call(desktop, listener);
}

export function createStudioClient(transport: Transport, host: 'electron' | 'browser', uploadFile: FileUploader | null = null): StudioClient {
  return {
    desktop: transport.desktop,
    host,
    uploadFile,
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      // Checked here too so a bad form value fails fast with the field named, without a round trip.
      const parsedInput = parseInput(method, input);
      let raw: unknown;
      try {
        raw = await transport.call(method, parsedInput);
      } catch (thrown) {
        throw toStudioError(thrown);
      }
      const result = methods[method].output.safeParse(raw);
      if (!result.success) {
        const issue = result.error.issues[0];
        const where = issue?.path.join('.') || undefined;
        throw new StudioError(
          'internal',
          `The backend answered "${method}" with data this app does not understand${where ? ` (at ${where})` : ''}: ${issue?.message ?? 'invalid'}. The app and backend versions may differ.`,
          where,
        );
      }
      return result.data as MethodOutput<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return transport.on(event, (payload) => {
        const result = events[event].safeParse(payload);
        if (!result.success) {
          console.warn(`RNN Studio: dropped an invalid "${event}" event`, result.error.issues[0]);
          return;
        }
        listener(result.data as EventPayload<E>);
      });
    },
    onConnectionChange: (listener) => transport.onConnectionChange(listener),
    onMenuCommand: menuSubscriber(transport.desktop),
    close: () => transport.close(),
  };
}

/** The host set its cookie when it served the page; the token must not linger in history or screenshots. */
export function removeTokenFromAddressBar(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}

/** Connects to the backend: the Electron bridge when present, else the host's WebSocket. Called once, in main.ts. */
export function connectStudioClient(): StudioClient {
  if (window.studio) return createStudioClient(createPreloadTransport(window.studio), 'electron');
  removeTokenFromAddressBar();
  return createStudioClient(createWsTransport({ url: apiUrlFor(window.location) }), 'browser', createHttpUploader(window.location));
}

export { api, provideApi } from './api-plugin';
