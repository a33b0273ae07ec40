/**
 * How stores reach the backend: the client is installed on the Pinia instance (a plugin), not held in
 * a module-level singleton, so a test gives a fresh Pinia its own client and tests the stores.
 */
import { getActivePinia, type Pinia } from 'pinia';
import type { StudioClient } from './client';

declare module 'pinia' {
  export interface PiniaCustomProperties {
    /** The backend client of the Pinia this store belongs to. */
    $api: StudioClient;
  }
}

const clients = new WeakMap<Pinia, StudioClient>();

/** Installs `client` on `pinia`: every store of it (and every component under the app using it) calls this client. */
export function provideApi(pinia: Pinia, client: StudioClient): void {
  clients.set(pinia, client);
  pinia.use(() => ({ $api: client }));
}

/** The client of the active Pinia (inside a store's setup or actions, or a component). */
export function api(): StudioClient {
  const pinia = getActivePinia();
  const client = pinia ? clients.get(pinia) : undefined;
  if (!client) throw new Error('RNN Studio: no API client is installed on the active Pinia; call provideApi(pinia, client) before using a store');
  return client;
}
