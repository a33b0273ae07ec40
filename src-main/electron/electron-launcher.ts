/**
 * Training workers under Electron: each job in its own `utilityProcess` (a Node process Electron
 * manages, so it works in a packaged app where there is no separate `node` binary). Same
 * WorkerLauncher shape as the Node launcher, so TrainingProcess neither knows nor cares.
 */
import { utilityProcess } from 'electron';
import { join } from 'node:path';
import type { WorkerLauncher, WorkerPort } from '../worker/launcher';

const STDERR_TAIL_CHARS = 4000;

/** electron-vite builds src-main/worker/training-worker.ts next to the main bundle. */
export function bundledWorkerPath(): string {
  return join(__dirname, 'training-worker.js');
}

export function createElectronLauncher(workerPath: string = bundledWorkerPath()): WorkerLauncher {
  return {
    // The entry TrainingProcess passes is the TypeScript source (right for tsx/child_process);
    // under Electron the bundled worker is what exists, so it is used instead.
    fork(_entry: string, args: string[], env: NodeJS.ProcessEnv): WorkerPort {
      const child = utilityProcess.fork(workerPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], serviceName: 'RNN Studio training worker' });
      let tail = '';
      child.stderr?.on('data', (chunk: Buffer | string) => {
        tail = (tail + chunk.toString()).slice(-STDERR_TAIL_CHARS);
      });
      const exitListeners: Array<(code: number | null, signal: string | null) => void> = [];
      let exitCode: number | undefined;
      child.on('exit', (code) => {
        exitCode = code;
        // utilityProcess reports only a code; a kill shows up as a non-zero code without a signal name.
        for (const listener of exitListeners) listener(code, null);
      });
      child.on('error', (type, location) => {
        tail += `\n${type} at ${location}`;
      });
      return {
        get pid() {
          return child.pid;
        },
        postMessage(message) {
          if (exitCode === undefined) child.postMessage(message);
        },
        onMessage(listener) {
          child.on('message', (message: unknown) => listener(message));
        },
        onExit(listener) {
          if (exitCode !== undefined) listener(exitCode, null);
          else exitListeners.push(listener);
        },
        kill() {
          if (exitCode === undefined) child.kill();
        },
        stderrTail: () => tail,
      };
    },
  };
}
