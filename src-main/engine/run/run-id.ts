import { randomBytes } from 'node:crypto';

/**
 * A run id sorts by creation time as plain text, cannot collide between two runs started in the
 * same millisecond, and says which cell it trained: `20261130-205512-123-a3f9c1-lstm`.
 */
export function newRunId(cell: string, now: Date = new Date(), random: string = randomBytes(3).toString('hex')): string {
  const p = (n: number, width = 2): string => String(n).padStart(width, '0');
  const stamp =
    `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}` +
    `-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}-${p(now.getUTCMilliseconds(), 3)}`;
  const safeCell = cell.replace(/[^\w]/g, '') || 'run';
  return `${stamp}-${random}-${safeCell}`;
}

/** A run id (or folder name) that cannot escape the runs directory. */
export function isSafeRunId(id: string): boolean {
  return id.length > 0 && id.length <= 200 && id !== '.' && id !== '..' && !/[/\\\0]/.test(id);
}
