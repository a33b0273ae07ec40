import { eventFunctionName, isMethodName, methodFunctionName, StudioError, type EventName, type PreloadApi } from '@common/contract';
import { toStudioError } from './errors';
import type { Transport } from './transport';

/** Electron: `window.studio` has one function per method and per event; IPC never drops. */
export function createPreloadTransport(studio: PreloadApi): Transport {
  const table = studio as unknown as Record<string, unknown>;
  return {
    desktop: studio.desktop ?? null,
    async call(method, input) {
      if (!isMethodName(method)) throw new StudioError('bad_input', `unknown method ${method}`);
      const fn = table[methodFunctionName(method)];
      if (typeof fn !== 'function') throw new StudioError('internal', `The desktop bridge has no function for ${method}; the app and its preload script are out of step.`);
      try {
        return await (fn as (input: unknown) => Promise<unknown>)(input);
      } catch (thrown) {
        throw toStudioError(thrown);
      }
    },
    on(event, listener) {
      const fn = table[eventFunctionName(event as EventName)];
      if (typeof fn !== 'function') return () => undefined;
      return (fn as (cb: (payload: unknown) => void) => () => void)(listener);
    },
    onConnectionChange() {
      return () => undefined;
    },
    close() {},
  };
}
