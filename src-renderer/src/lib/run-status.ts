import type { RunStatus } from '@engine-spec/run';

export type StatusTagType = 'success' | 'info' | 'default' | 'warning' | 'error';

/** Colour by what the user should do about it: green fine, blue in progress, grey nothing to do, orange look, red broke. */
export function statusTagType(status: RunStatus | null): StatusTagType {
  switch (status) {
    case 'completed':
      return 'success';
    case 'running':
    case 'queued':
      return 'info';
    case 'interrupted':
    case 'diverged':
      return 'warning';
    case 'failed':
      return 'error';
    default:
      return 'default';
  }
}
