/**
 * Every failure leaves the service as a StudioError: a code the UI can branch on, a message a person
 * can act on, and where the problem is (field path or file/row/column). Nothing else crosses the
 * boundary, so adapters never have to guess.
 */
import { ZodError } from 'zod';
import { StudioError, apiError } from '../common/contract';
import { describeRow, type RowPlace } from '../engine/spec';

interface DataErrorLike extends Error, RowPlace {
  code: string;
  file?: string;
  column?: string;
  hint?: string;
  field?: string;
}

/** DATA's DataError, recognised by name so it survives module duplication (tsx vs bundles). */
export function isDataError(err: unknown): err is DataErrorLike {
  return err instanceof Error && err.name === 'DataError' && typeof (err as Partial<DataErrorLike>).code === 'string';
}

/** RUNS' RunStoreError: its codes are the contract's codes. */
function isRunStoreError(err: unknown): err is Error & { code: 'not_found' | 'conflict' | 'bad_input' } {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && err.name === 'RunStoreError' && (code === 'not_found' || code === 'conflict' || code === 'bad_input');
}

/** "file, row 17, column 'units'" — the parts DATA knows. */
export function dataErrorWhere(err: DataErrorLike): string | undefined {
  const parts: string[] = [];
  if (err.file) parts.push(err.file);
  const row = describeRow(err);
  if (row) parts.push(row);
  if (err.column !== undefined) parts.push(`column '${err.column}'`);
  return parts.length ? parts.join(', ') : undefined;
}

export function toStudioError(err: unknown, method?: string): StudioError {
  if (err instanceof StudioError) return err;
  if (isDataError(err)) {
    const message = err.hint && !err.message.includes(err.hint) ? `${err.message} ${err.hint}` : err.message;
    return apiError('bad_input', message, dataErrorWhere(err), err.field);
  }
  if (isRunStoreError(err)) return apiError(err.code, err.message);
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const where = issue?.path.join('.') || undefined;
    return apiError('bad_input', `${where ? where + ': ' : ''}${issue?.message ?? 'invalid value'}`, where);
  }
  const nodeCode = (err as { code?: unknown } | null)?.code;
  if (nodeCode === 'ENOENT' && err instanceof Error) return apiError('not_found', err.message);
  const message = err instanceof Error ? err.message : String(err);
  return apiError('internal', method ? `${method} failed: ${message}` : message);
}
