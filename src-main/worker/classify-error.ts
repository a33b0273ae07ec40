import { ZodError } from 'zod';
import { ConfigError } from '../engine/config-error';
import { DataError } from '../engine/data';
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
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

export { ConfigError };
