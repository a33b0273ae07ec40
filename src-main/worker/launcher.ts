/**
 * How a training worker process is started. Node's child_process.fork here; the Electron shell
 * provides a utilityProcess launcher with the same shape.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * tsx's loader as an absolute URL: a bare `--import tsx` resolves from the working directory, which
 * for a CLI user is anywhere.
 */
function tsxLoaderUrl(): string {
  return pathToFileURL(createRequire(__filename).resolve('tsx')).href;
}

export interface WorkerPort {
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Ends the process at once (SIGKILL); graceful stopping goes through the protocol. */
  kill(): void;
  readonly pid?: number;
  /** The last lines the process wrote to stderr, for a crash report (when the launcher captures them). */
  stderrTail?(): string;
}

export interface WorkerStartOptions {
  /** Start the worker as the leader of a new session (worker-priority.ts, startsOwnSession); a launcher that cannot ignores it. */
  ownSession: boolean;
}

export interface WorkerLauncher {
  fork(entry: string, args: string[], env: NodeJS.ProcessEnv, options: WorkerStartOptions): WorkerPort;
}

const STDERR_TAIL_CHARS = 4000;

export const nodeLauncher: WorkerLauncher = {
  fork(entry, args, env, { ownSession }) {
    const child = fork(entry, args, {
      env,
      // setsid(): no terminal's Ctrl-C reaches the worker then, but the parent stops it through the
      // protocol anyway, and a parent that dies closes the channel, which stops the worker too.
      detached: ownSession,
      execArgv: entry.endsWith('.ts') ? ['--import', tsxLoaderUrl()] : [],
      // stderr is captured (not inherited) so TensorFlow's start-up chatter stays out of the CLI's
      // output while a crash can still be explained with the worker's last words.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let tail = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
    let exited: { code: number | null; signal: string | null } | undefined;
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      for (const listener of exitListeners) listener(code, signal);
    });
    // A failed spawn reports 'error' and may never report 'exit'.
    child.on('error', (err) => {
      tail += `\n${err.message}`;
      if (!exited && child.exitCode === null && child.pid === undefined) {
        exited = { code: null, signal: null };
        for (const listener of exitListeners) listener(null, null);
      }
    });
    return {
      pid: child.pid,
      postMessage(message) {
        if (child.connected) child.send(message as object);
      },
      onMessage(listener) {
        child.on('message', (m) => listener(m));
      },
      onExit(listener) {
        if (exited) listener(exited.code, exited.signal);
        else exitListeners.push(listener);
      },
      kill() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
      stderrTail: () => tail,
    };
  },
};
