import { describe, expect, it } from 'vitest';
import { statusTagType } from '../../../src-renderer/src/lib/run-status';

describe('statusTagType', () => {
  it('colours each run status by what the user should do about it', () => {
    expect(statusTagType('completed')).toBe('success');
    expect(statusTagType('running')).toBe('info');
    expect(statusTagType('queued')).toBe('info');
    expect(statusTagType('paused')).toBe('default');
    expect(statusTagType('stopped')).toBe('default');
    expect(statusTagType('interrupted')).toBe('warning');
    expect(statusTagType('diverged')).toBe('warning');
    expect(statusTagType('no_improvement')).toBe('warning');
    expect(statusTagType('failed')).toBe('error');
  });

  it('shows no status (idle) as neutral', () => {
    expect(statusTagType(null)).toBe('default');
  });
});
