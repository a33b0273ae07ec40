import { ApiError, StudioError } from '@common/contract';

/** Electron prefixes errors thrown in an IPC handler; the original text follows this marker. */
const IPC_PREFIX = /^Error invoking remote method '[^']*': (?:\w*Error: )?/;

/** Turns whatever was thrown (a StudioError, an ApiError-shaped object, an IPC error) into a StudioError. */
export function toStudioError(thrown: unknown): StudioError {
  if (thrown instanceof StudioError) return thrown;
  const asApi = ApiError.safeParse(thrown);
  if (asApi.success) return new StudioError(asApi.data.code, asApi.data.message, asApi.data.where, asApi.data.field);
  if (thrown instanceof Error) {
    const text = thrown.message.replace(IPC_PREFIX, '');
    const embedded = parseEmbeddedApiError(text);
    if (embedded) return embedded;
    const code = (thrown as { code?: unknown }).code;
    const where = (thrown as { where?: unknown }).where;
    const field = (thrown as { field?: unknown }).field;
    const parsedCode = ApiError.shape.code.safeParse(code);
    return new StudioError(parsedCode.success ? parsedCode.data : 'internal', text, typeof where === 'string' ? where : undefined, typeof field === 'string' ? field : undefined);
  }
  return new StudioError('internal', String(thrown));
}

function parseEmbeddedApiError(text: string): StudioError | null {
  const start = text.indexOf('{');
  if (start < 0) return null;
  try {
    const parsed = ApiError.safeParse(JSON.parse(text.slice(start)));
    return parsed.success ? new StudioError(parsed.data.code, parsed.data.message, parsed.data.where, parsed.data.field) : null;
  } catch {
    return null;
  }
}
