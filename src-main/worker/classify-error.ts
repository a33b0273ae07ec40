import { ZodError } from 'zod';
import { DataError } from '../engine/data';
import { RunStoreError } from '../engine/run';
import type { WorkerErrorCode } from './protocol';

export interface ClassifiedError {
  code: WorkerErrorCode;
  message: string;
  where?: string;
  detail?: string;
}

/**
 * Sorts a failure into "the user can fix the data or config" (with where it is) versus an internal
 * error, so the app can highlight the field and the CLI can exit with 2 instead of 1.
 */
export function classifyError(err: unknown): ClassifiedError {
  if (err instanceof DataError) return { code: 'bad_input', message: err.message, where: err.where, detail: err.code };
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const where = issue?.path.join('.') || undefined;
    return { code: 'bad_input', message: `${where ? where + ': ' : ''}${issue?.message ?? 'invalid config'}`, where };
  }
  if (err instanceof ConfigError) return { code: 'bad_input', message: err.message, where: err.where };
  // A run folder that cannot be made where the user pointed (--out under /proc, a file in the way).
  if (err instanceof RunStoreError && err.code === 'bad_input') return { code: 'bad_input', message: err.message };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

/** A config the engine refuses (e.g. a model spec that does not validate), located by field path. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly where?: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}
