import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../runs/harness';
import { HOSTILE_CASES } from './hostile-inputs';

let root: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  root = await tempDir('hostile');
});
afterAll(async () => {
  await root.remove();
});

describe('the CLI on a corpus of hostile inputs: a clear answer, never silence, a crash or a hang', () => {
  it('holds at least 60 cases with distinct names', () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(HOSTILE_CASES.map((c) => c.name)).size).toBe(HOSTILE_CASES.length);
  });

  it.each(HOSTILE_CASES.map((c, i) => [c.name, i] as const))('%s', async (_name, index) => {
    const hostile = HOSTILE_CASES[index];
    const dir = join(root.path, `case-${index}`);
    await mkdir(dir);
    const result = await cli(hostile.setup(dir), {}, dir);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.code, output).toBe(hostile.code);
    for (const words of hostile.says) expect(output).toMatch(words);
    for (const wrong of hostile.never ?? []) expect(output).not.toMatch(wrong);
    // Whatever the input, no stack trace and no raw JavaScript error reaches the user.
    expect(output).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)|TypeError|RangeError|Maximum call stack/);
    // A refusal is one `error:` line that says what is wrong and where; nothing was trained.
    if (hostile.code === 2) expect(result.stderr.match(/^error: /gm)?.length ?? 0).toBe(1);
  });
});
