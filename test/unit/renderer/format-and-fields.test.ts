import { describe, expect, test } from 'vitest';
import { formatDuration, formatNumber, formatShape } from '../../../src-renderer/src/lib/format';
import { errorsAt, normalisePath, unclaimedErrors } from '../../../src-renderer/src/lib/field-errors';

describe('formatting for tables and labels', () => {
  test('numbers keep 4 significant digits and switch to exponents at the extremes', () => {
    expect(formatNumber(280.3125)).toBe('280.3');
    expect(formatNumber(0.000123)).toBe('1.23e-4');
    expect(formatNumber(12_345_678)).toBe('1.23e+7');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(Number.NEGATIVE_INFINITY)).toBe('−∞');
  });

  test('durations read like a person would say them', () => {
    expect(formatDuration(12.4)).toBe('12 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
    expect(formatDuration(null)).toBe('—');
  });

  test('shapes name the batch dimension', () => {
    expect(formatShape([null, 48, 64])).toBe('batch × 48 × 64');
  });
});

describe('field errors', () => {
  const errors = [
    { path: 'config.model.layers[1].units', message: 'a layer needs at least 1 unit' },
    { path: 'window.lookback', message: 'lookback 500 needs 503 rows' },
    { path: '', message: 'dataset is gone' },
  ];

  test('paths are normalised to dotted config paths', () => {
    expect(normalisePath('config.model.layers[1].units')).toBe('model.layers.1.units');
  });

  test('a field claims its own errors and those below it, not its siblings', () => {
    expect(errorsAt(errors, 'model.layers').map((e) => e.message)).toEqual(['a layer needs at least 1 unit']);
    expect(errorsAt(errors, 'model.layers.1')).toHaveLength(1);
    expect(errorsAt(errors, 'model.layers.0')).toHaveLength(0);
    expect(errorsAt(errors, 'window')).toHaveLength(1);
    expect(errorsAt(errors, 'window.look')).toHaveLength(0);
  });

  test('errors no field claims are left for the general list', () => {
    expect(unclaimedErrors(errors, ['model', 'window']).map((e) => e.message)).toEqual(['dataset is gone']);
  });
});
