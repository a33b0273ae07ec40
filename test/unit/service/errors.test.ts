import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StudioError } from '../../../src-main/common/contract';
import { DataError } from '../../../src-main/engine/data';
import { RunStoreError } from '../../../src-main/engine/run';
import { toStudioError } from '../../../src-main/service/errors';

describe('toStudioError', () => {
  it('turns a DataError into bad_input located at file, row (with its date and file line) and column', () => {
    const err = toStudioError(new DataError('non-numeric', "'abc' is not a number", { file: 'sales.csv', row: 16, date: '2024-01-16', line: 17, sourceWord: 'file line', column: 'units', hint: 'Fix the cell.' }));
    expect(err).toMatchObject({ code: 'bad_input', where: "sales.csv, row 16 (2024-01-16, file line 17), column 'units'" });
    expect(err.message).toContain("'abc' is not a number");
    expect(err.message).toContain('Fix the cell.');
  });

  it('passes RunStoreError codes through', () => {
    expect(toStudioError(new RunStoreError('conflict', 'still training')).code).toBe('conflict');
    expect(toStudioError(new RunStoreError('not_found', 'no run')).code).toBe('not_found');
  });

  it('names the zod field path', () => {
    const result = z.object({ a: z.object({ b: z.number() }) }).safeParse({ a: { b: 'x' } });
    const err = toStudioError(result.error);
    expect(err).toMatchObject({ code: 'bad_input', where: 'a.b' });
    expect(err.message).toMatch(/^a\.b: /);
  });

  it('keeps StudioErrors and reports anything else as internal with the method', () => {
    const original = new StudioError('not_found', 'gone');
    expect(toStudioError(original)).toBe(original);
    expect(toStudioError(new TypeError('x is undefined'), 'runs.list')).toMatchObject({ code: 'internal', message: 'runs.list failed: x is undefined' });
  });
});
