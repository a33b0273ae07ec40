/**
 * The scheduling priority of a training worker. Started from the app (desktop or browser host), the
 * worker trains below normal priority: training is background work, and on a machine with few cores
 * the interface, its compositor and the host must win a contested core, or view switches and chart
 * updates wait behind a batch (docs/performance.md, "The interface: what made the long tasks"). On an otherwise
 * idle machine training keeps its core and runs at the same speed. The CLI keeps normal priority:
 * there the training is the work the user is waiting for. On Linux a background worker started by
 * Node's launcher (the browser host's) also gets a scheduling group of its own (startsOwnSession).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { constants, getPriority, setPriority } from 'node:os';

export type WorkerPriority = 'normal' | 'background';

/** How the parent tells the worker, read before the worker starts TensorFlow. */
export const WORKER_PRIORITY_ENV = 'RNN_STUDIO_WORKER_PRIORITY';

export function workerPriorityEnv(priority: WorkerPriority): NodeJS.ProcessEnv {
  return priority === 'background' ? { [WORKER_PRIORITY_ENV]: 'background' } : {};
}

/**
 * Whether a worker of this priority is started in a session of its own. Linux with autogroups (the
 * default on most desktops) schedules each session as one group, and a nice value counts only
 * against processes of the same group. The browser showing the browser host (started from a desktop,
 * or by a test runner) is in another session than the host, so a niced worker in the host's session
 * still took a core from the page as an equal: the page's remaining long tasks were its main thread
 * waiting for a core (docs/performance.md). In a session, and so a group, of its own, the worker
 * lowers its group's nice value too (applyWorkerPriority).
 */
export function startsOwnSession(priority: WorkerPriority, platform: NodeJS.Platform = process.platform): boolean {
  return priority === 'background' && platform === 'linux';
}

/** The fields of a `/proc/<pid>/stat` line after the command name (which may hold spaces and parentheses): state first. */
export function statFieldsAfterName(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** The session of a process, from its `/proc/<pid>/stat` line. */
export function sessionOfStat(stat: string): number {
  // After the command name: state, parent, process group, session.
  return Number(statFieldsAfterName(stat)[3]);
}

/** The kernel takes one change of a group's nice value per 100 ms machine-wide (EAGAIN otherwise); two workers may start together. */
const AUTOGROUP_RETRY_MS = 150;
const AUTOGROUP_ATTEMPTS = 10;

function lowerOwnAutogroup(priority: number, attemptsLeft = AUTOGROUP_ATTEMPTS): void {
  try {
    // A worker sharing its parent's session (Electron's utility process, with the app's renderer) has
    // its threads' nice values, which count within that group; its group is the app's, not its own to lower.
    if (!existsSync('/proc/self/autogroup') || sessionOfStat(readFileSync('/proc/self/stat', 'utf8')) !== process.pid) return;
    writeFileSync('/proc/self/autogroup', String(priority));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EAGAIN' && attemptsLeft > 1) setTimeout(() => lowerOwnAutogroup(priority, attemptsLeft - 1), AUTOGROUP_RETRY_MS);
  }
}

/**
 * Lowers this process's priority when the parent asked for it. Linux keeps a nice value per thread:
 * threads started later (TensorFlow's) inherit the main thread's, while those Node started before this
 * runs (V8's garbage-collection helpers) are lowered one by one. Lowering one's own priority is always
 * allowed; a platform that refuses it only costs responsiveness, never the run.
 */
export function applyWorkerPriority(env: NodeJS.ProcessEnv = process.env): void {
  if (env[WORKER_PRIORITY_ENV] !== 'background') return;
  // A process already niced further (started by `nice`) stays there: a higher number is a lower priority.
  const priority = Math.max(getPriority(), constants.priority.PRIORITY_BELOW_NORMAL);
  const threads = existsSync('/proc/self/task') ? readdirSync('/proc/self/task').map(Number) : [0];
  for (const thread of threads) {
    try {
      setPriority(thread, priority);
    } catch {
      // A thread that ended meanwhile, or a platform that refuses: not worth failing a run over.
    }
  }
  lowerOwnAutogroup(priority);
}
