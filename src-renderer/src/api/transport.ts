import type { DesktopApi } from '@common/contract';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

/**
 * The raw way requests and events travel (Electron preload or WebSocket). Payloads are untyped
 * here on purpose: the client validates everything that comes back against the contract.
 */
export interface Transport {
  call(method: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  readonly desktop: DesktopApi | null;
  close(): void;
}
