import { describe, expect, it } from 'vitest';
import { sessionOfStat, startsOwnSession } from '../../../src-main/worker/worker-priority';

describe('worker priority', () => {
  it('reads the session from a /proc stat line, whatever the command name holds', () => {
    expect(sessionOfStat('4442 (node) S 3702 4442 4442 0 -1 4194560 2096')).toBe(4442);
    // A command name may itself hold spaces and parentheses; only the last ')' ends it.
    expect(sessionOfStat('77 (a (b) c) R 1 70 71 0 -1')).toBe(71);
  });

  it('only background work on Linux gets a session of its own', () => {
    expect(startsOwnSession('background', 'linux')).toBe(true);
    expect(startsOwnSession('normal', 'linux')).toBe(false);
    expect(startsOwnSession('background', 'darwin')).toBe(false);
    expect(startsOwnSession('background', 'win32')).toBe(false);
  });
});
