/**
 * The contract over Electron IPC: one `ipcMain.handle` per method, each checking the sender
 * (checklist #17), validating the input with the contract and answering with data — never a thrown
 * Error, whose message Electron would wrap and mangle. Service events go to the app window.
 */
import { ipcMain } from 'electron';
import { eventNames, ipcChannel, ipcEventChannel, methodNames, type StudioApi } from '../common/contract';
import { answer, REFUSED_SENDER } from './ipc-answer';
import type { PathGrants } from './path-grants';
import { isTrustedSender, type SenderCheck } from './security/ipc-sender';

/** Registers every contract method (desktop-only ones take only paths in `grants`) and forwards every event; returns the function that undoes it. */
export function registerApiIpc(service: StudioApi, check: SenderCheck, grants: PathGrants): () => void {
  for (const method of methodNames) {
    ipcMain.handle(ipcChannel(method), (event, input: unknown) => {
      if (!isTrustedSender(event.senderFrame, check)) return REFUSED_SENDER;
      return answer(service, method, input, grants);
    });
  }
  const unsubscribers = eventNames.map((name) =>
    service.on(name, (payload) => {
      const contents = check.contents();
      if (contents && !contents.isDestroyed()) contents.send(ipcEventChannel(name), payload);
    }),
  );
  return () => {
    for (const method of methodNames) ipcMain.removeHandler(ipcChannel(method));
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
