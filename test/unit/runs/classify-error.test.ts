import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '../../../src-main/engine/config-error';
import { DataError } from '../../../src-main/engine/data';
import { RunConfig } from '../../../src-main/engine/spec';
import { classifyError } from '../../../src-main/worker/classify-error';

const config = RunConfig.parse({ series: { target: ['y'], features: ['x'], date: 'd' }, window: { lookback: 6 }, model: { layers: [{ units: 4 }] }, train: {} });

describe('one error model: user-fixable errors are bad_input and carry their field', () => {
  it('a data problem names its file and column, and the config field to change', () => {
    const tooShort = new DataError('too-short', 'the series has 5 usable rows', { file: 'toy.csv' });
    expect(classifyError(tooShort, config)).toMatchObject({ code: 'bad_input', where: 'toy.csv', detail: 'too-short', field: 'window.lookback' });
    const badFeature = new DataError('non-numeric', 'not a number', { file: 'toy.csv', row: 4, column: 'x' });
    expect(classifyError(badFeature, config)).toMatchObject({ code: 'bad_input', field: 'series.features.0' });
  });

  it('a config the engine refuses, and a schema error, carry their path as the field', () => {
    expect(classifyError(new ConfigError('no windows', 'window.lookback'))).toMatchObject({ code: 'bad_input', field: 'window.lookback' });
    const zodError = z.object({ train: z.object({ epochs: z.number() }) }).safeParse({ train: { epochs: 'x' } }).error;
    expect(classifyError(zodError)).toMatchObject({ code: 'bad_input', field: 'train.epochs' });
  });

  it('anything else is internal, without a field', () => {
    const classified = classifyError(new Error('disk on fire'), config);
    expect(classified).toEqual({ code: 'internal', message: 'disk on fire' });
  });
});
