/** A data problem names the config field that fixes it where the engine knows it, not a guess from its code or column. */
import { describe, expect, it } from 'vitest';
import { checkRunConfig } from '../../../src-main/engine/check-run-config';
import { suggestConfig } from '../../../src-main/engine/defaults';
import { parseTable } from '../../../src-main/engine/data';

const csv = ['date,value', ...Array.from({ length: 120 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${(10 * Math.sin(i / 3)).toFixed(3)}`)].join('\n');

describe('data problems by field', () => {
  it('a log transform over values at or below 0 is a problem of the transforms, not of the target column', async () => {
    const table = await parseTable('signed.csv', csv);
    const config = suggestConfig(table, ['value']);
    config.series.transforms = [{ kind: 'log' }];
    const problems = checkRunConfig(table, config);
    expect(problems[0]?.path).toBe('series.transforms');
    expect(problems[0]?.message).toMatch(/log needs values above 0/);
  });

  it('validation and test shares that leave no training rows are a problem of the split', async () => {
    const table = await parseTable('signed.csv', csv);
    const config = suggestConfig(table, ['value']);
    config.series.split = { val: 0.5, test: 0.5 };
    expect(checkRunConfig(table, config)[0]?.path).toBe('series.split');
  });
});
