import type { RunStatus } from '@engine-spec/run';
import { statusTone, type StatusTone } from '@engine-spec/run-status';

export type StatusTagType = 'success' | 'info' | 'default' | 'warning' | 'error';

const TAG_OF_TONE: Record<StatusTone, StatusTagType> = { good: 'success', active: 'info', neutral: 'default', attention: 'warning', bad: 'error' };

/** Colour by the engine's reading of the status: green fine, blue in progress, grey nothing to do, orange look, red broke. */
export function statusTagType(status: RunStatus | null): StatusTagType {
  return TAG_OF_TONE[statusTone(status)];
}
