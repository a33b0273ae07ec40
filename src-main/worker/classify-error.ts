import { ZodError } from 'zod';
import { fieldOfDataError } from '../engine/check-run-config';
import { ConfigError } from '../engine/config-error';
import { DataError } from '../engine/data';
import { RunStoreError } from '../engine/run';
import type { RunConfig } from '../engine/spec';
import type { WorkerErrorCode } from './protocol';

export interface ClassifiedError {
  code: WorkerErrorCode;
  message: string;
  where?: string;
  detail?: string;
  /** The config field to change, for bad_input. */
  field?: string;
}

/**
 * Sorts a failure into "the user can fix the data or config" (bad_input, with where it is and the
 * config field it concerns) versus an internal error, so the app can place it next to the field and
 * the CLI can exit with 2 instead of 1.
 */
export function classifyError(err: unknown, config?: RunConfig): ClassifiedError {
  if (err instanceof DataError) {
    return { code: 'bad_input', message: err.message, where: err.where, detail: err.code, field: config ? fieldOfDataError(err, config) : undefined };
  }
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const where = issue?.path.join('.') || undefined;
    return { code: 'bad_input', message: `${where ? where + ': ' : ''}${issue?.message ?? 'invalid config'}`, where, field: where };
  }
  if (err instanceof ConfigError) return { code: 'bad_input', message: err.message, where: err.where, field: err.field };
  // A run folder that cannot be made where the user pointed (--out under /proc, a file in the way).
  if (err instanceof RunStoreError && err.code === 'bad_input') return { code: 'bad_input', message: err.message };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

export { ConfigError };
