/**
 * The scheduling priority of a training worker. Started from the app (desktop or browser host), the
 * worker trains below normal priority: training is background work, and on a machine with few cores
 * the interface, its compositor and the host must win a contested core, or view switches and chart
 * updates wait behind a batch (docs/performance.md, "The interface: what made the long tasks"). On an otherwise
 * idle machine training keeps its core and runs at the same speed. The CLI keeps normal priority:
 * there the training is the work the user is waiting for.
 */
import { existsSync, readdirSync } from 'node:fs';
import { constants, getPriority, setPriority } from 'node:os';

export type WorkerPriority = 'normal' | 'background';

/** How the parent tells the worker, read before the worker starts TensorFlow. */
export const WORKER_PRIORITY_ENV = 'RNN_STUDIO_WORKER_PRIORITY';

export function workerPriorityEnv(priority: WorkerPriority): NodeJS.ProcessEnv {
  return priority === 'background' ? { [WORKER_PRIORITY_ENV]: 'background' } : {};
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
}
