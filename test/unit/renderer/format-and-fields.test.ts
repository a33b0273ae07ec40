import { describe, expect, test } from 'vitest';
import { axisNumber, dateGranularity, formatDate, formatDuration, formatNumber, formatShape } from '../../../src-renderer/src/lib/format';
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

describe('chart axis labels and date stats', () => {
  test('axis labels keep 3 significant digits, not the float that a log axis computed', () => {
    expect(axisNumber(1.4336990118026733)).toBe('1.43');
    expect(axisNumber(0.36012345)).toBe('0.36');
    expect(axisNumber(0.005)).toBe('0.005');
    expect(axisNumber(0.00012345)).toBe('1.2e-4');
    expect(axisNumber(1)).toBe('1');
  });

  test('a monthly date column reads as months, a daily one as days, timestamps with minutes', () => {
    const jan1949 = Date.UTC(1949, 0, 1);
    const dec1960 = Date.UTC(1960, 11, 1);
    expect(dateGranularity(jan1949, dec1960, 144)).toBe('month');
    expect(formatDate(jan1949, 'month')).toBe('1949-01');
    expect(formatDate(-6.31152e11, 'day')).toBe('1950-01-01');
    // Daily data that happens to start and end on the 1st has more values than months.
    expect(dateGranularity(Date.UTC(2020, 0, 1), Date.UTC(2020, 11, 1), 336)).toBe('day');
    expect(dateGranularity(Date.UTC(2020, 0, 1, 13, 5), Date.UTC(2020, 0, 2), 30)).toBe('minute');
    expect(formatDate(Date.UTC(2020, 0, 1, 13, 5), 'minute')).toBe('2020-01-01 13:05');
    expect(formatDate(null)).toBe('—');
  });
});
