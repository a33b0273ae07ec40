/**
 * How many training processes may run at once. Training is CPU-bound, so more workers than cores
 * only makes every job slower, and each worker holds its own TensorFlow runtime (~300 MB).
 */
import { cpus } from 'node:os';

/** Upper bound from any source (flag or settings). */
export const MAX_WORKERS_LIMIT = 64;

export function defaultMaxWorkers(): number {
  return Math.max(1, cpus().length);
}

/** Parses a `--workers` value: a whole number from 1 to MAX_WORKERS_LIMIT, with a message naming the flag. */
export function parseWorkers(raw: string, flag = '--workers'): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(n) || n < 1 || n > MAX_WORKERS_LIMIT) {
    throw new Error(`${flag} must be a whole number from 1 to ${MAX_WORKERS_LIMIT} (training processes at once), got "${raw}"`);
  }
  return n;
}
