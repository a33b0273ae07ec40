// Errors are recognised by name, not class: this module is loaded by every command (even `help`),
// which must not pay for loading the engine, zod or TensorFlow.
import type { ZodError } from 'zod';

/** Exit codes: 0 success, 2 the user's input or config is wrong (fixable), 1 anything else. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_BAD_INPUT,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const badInput = (message: string): CliError => new CliError(message, EXIT_BAD_INPUT);

/** One clear line for stderr and the exit code that goes with it. */
export function describeFailure(err: unknown, source?: string): { message: string; exitCode: number } {
  if (err instanceof CliError) return { message: err.message, exitCode: err.exitCode };
  if (isNamed(err, 'DataError')) return { message: err.message, exitCode: EXIT_BAD_INPUT };
  if (isNamed(err, 'ZodError') && Array.isArray((err as Partial<ZodError>).issues)) return { message: zodMessage(err as ZodError, source), exitCode: EXIT_BAD_INPUT };
  if (isNamed(err, 'RunStoreError')) {
    const code = (err as { code?: unknown }).code;
    return { message: err.message, exitCode: code === 'bad_input' || code === 'conflict' || code === 'not_found' ? EXIT_BAD_INPUT : EXIT_FAILED };
  }
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return { message: `${(err as Error).message}; run \`rnn-studio help\` for the options`, exitCode: EXIT_BAD_INPUT };
  }
  if (code === 'ENOENT') return { message: (err as Error).message, exitCode: EXIT_BAD_INPUT };
  return { message: err instanceof Error ? err.message : String(err), exitCode: EXIT_FAILED };
}

function isNamed(err: unknown, name: string): err is Error {
  return err instanceof Error && err.name === name;
}

/** "SPEC.json: model.layers.0.units: a layer needs at least 1 unit" */
export function zodMessage(err: ZodError, source?: string): string {
  const issue = err.issues[0];
  const path = issue?.path.join('.') || '(root)';
  return `${source ? source + ': ' : ''}${path}: ${issue?.message ?? 'invalid value'}`;
}
