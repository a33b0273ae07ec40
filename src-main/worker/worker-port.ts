/**
 * The worker's side of the channel to its parent: Electron's utilityProcess gives `process.parentPort`,
 * Node's child_process.fork gives `process.send`. Picked once at start.
 */
export interface ParentPort {
  readonly kind: 'electron' | 'node';
  send(message: unknown): Promise<void>;
  onMessage(listener: (message: unknown) => void): void;
  /** Called when the parent goes away (Node only; Electron ends a utility process with its parent). */
  onParentGone(listener: () => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function pickParentPort(): ParentPort {
  const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      kind: 'electron',
      send: async (message) => electronPort.postMessage(message),
      onMessage: (listener) => electronPort.on('message', (event) => listener(event.data)),
      onParentGone: () => undefined,
    };
  }
  if (typeof process.send === 'function') {
    return {
      kind: 'node',
      send: (message) =>
        new Promise<void>((resolve) => {
          if (!process.connected || !process.send) return resolve();
          process.send(message, undefined, undefined, () => resolve());
        }),
      onMessage: (listener) => process.on('message', (message) => listener(message)),
      onParentGone: (listener) => process.on('disconnect', listener),
    };
  }
  throw new Error('the training worker must be started by the app or the CLI (no parent channel: neither process.parentPort nor process.send exists)');
}
