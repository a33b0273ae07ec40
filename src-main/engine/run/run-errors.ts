/** Codes match the API contract's error codes so the service can pass them straight through. */
export type RunStoreErrorCode = 'not_found' | 'conflict' | 'bad_input';

export class RunStoreError extends Error {
  constructor(
    readonly code: RunStoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RunStoreError';
  }
}
