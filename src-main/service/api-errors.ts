/**
 * Turns anything thrown by the service into the contract's ApiError, so errors cross a process or
 * socket boundary as data with their message intact (Electron's IPC and JSON both mangle Error objects).
 */
import { ApiError, StudioError } from '../common/contract';

export function toApiError(err: unknown): ApiError {
  if (err instanceof StudioError) return err.toJSON();
  const parsed = ApiError.safeParse(err);
  if (parsed.success) return parsed.data;
  if (err instanceof Error) return { code: 'internal', message: err.message || err.name };
  return { code: 'internal', message: String(err) };
}
