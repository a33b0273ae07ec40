import { describe, expect, it } from 'vitest';
import { calendarColumnNames, calendarValue, medianSpacing, parseCalendarColumn, suggestCalendar } from '../../../src-main/engine/data/calendar';
import { parseTable, prepareSeries } from '../../../src-main/engine/data';

const DAY = 86_400_000;
const days = (start: string, count: number, step = 1): number[] => Array.from({ length: count }, (_, i) => Date.parse(start) + i * step * DAY);

describe('calendar columns', () => {
  it('names a sin/cos pair per feature and parses the names back', () => {
    expect(calendarColumnNames(['month', 'dayOfWeek'])).toEqual(['month:sin', 'month:cos', 'dayOfWeek:sin', 'dayOfWeek:cos']);
    expect(parseCalendarColumn('dayOfWeek:cos')).toEqual({ feature: 'dayOfWeek', part: 'cos' });
    expect(parseCalendarColumn('Temperature')).toBeUndefined();
  });

  it('places months and weekdays on a circle (December next to January; Sunday at angle 0)', () => {
    const jan = Date.parse('2020-01-15');
    const dec = Date.parse('2019-12-15');
    expect(calendarValue(jan, 'month:sin')).toBe(0);
    expect(calendarValue(jan, 'month:cos')).toBe(1);
    expect(calendarValue(dec, 'month:sin')).toBeCloseTo(Math.sin((2 * Math.PI * 11) / 12), 12);
    expect(calendarValue(Date.parse('2024-06-02'), 'dayOfWeek:cos')).toBe(1); // a Sunday
    expect(calendarValue(Date.parse('2024-06-05T18:00:00Z'), 'hourOfDay:sin')).toBeCloseTo(-1, 12);
    expect(Number.isNaN(calendarValue(Number.NaN, 'month:sin'))).toBe(true);
  });

  it('suggests the features that repeat at the data’s spacing', () => {
    expect(suggestCalendar(Array.from({ length: 500 }, (_, i) => Date.parse('2024-01-01') + i * 3_600_000))).toEqual(['hourOfDay', 'dayOfWeek']);
    expect(suggestCalendar(days('2014-01-01', 365))).toEqual(['dayOfWeek']);
    expect(suggestCalendar(days('2014-01-01', 800))).toEqual(['dayOfWeek', 'dayOfYear']);
    expect(suggestCalendar(days('1991-02-02', 200, 7))).toEqual(['dayOfYear']);
    expect(suggestCalendar(Array.from({ length: 48 }, (_, i) => Date.UTC(2000, i, 1)))).toEqual(['month']);
    expect(suggestCalendar(Array.from({ length: 30 }, (_, i) => Date.UTC(1990 + i, 0, 1)))).toEqual([]);
    expect(suggestCalendar([])).toEqual([]);
  });
});

describe('prepareSeries with calendar features', () => {
  it('adds the calendar columns after the features, computed from the date column', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${new Date(Date.UTC(2000, i, 1)).toISOString().slice(0, 7)},${100 + i}`);
    const table = await parseTable('monthly.csv', ['Month,Sales', ...rows].join('\n'));
    const prepared = prepareSeries(table, { target: ['Sales'], features: [], calendar: ['month'], missing: 'interpolate', transforms: [], scaler: 'none', split: { val: 0.2, test: 0.2 } }, { lookback: 6, horizon: 1, stride: 1 }, 'many-to-one');
    expect(prepared.inputColumns).toEqual(['Sales', 'month:sin', 'month:cos']);
    expect(prepared.original[1][3]).toBeCloseTo(Math.sin((2 * Math.PI * 3) / 12), 12);
    expect(prepared.original[2][12]).toBeCloseTo(1, 12);
    expect(prepared.preprocessing.calendar).toEqual(['month']);
  });

  it('refuses calendar features without a date column, saying how to fix it', async () => {
    const table = await parseTable('plain.csv', ['Sales', ...Array.from({ length: 40 }, (_, i) => String(i))].join('\n'));
    expect(() => prepareSeries(table, { target: ['Sales'], features: [], calendar: ['month'], missing: 'interpolate', transforms: [], scaler: 'none', split: { val: 0.2, test: 0.2 } }, { lookback: 4, horizon: 1, stride: 1 }, 'many-to-one')).toThrow(
      /calendar features \(month\) need a date column/,
    );
  });
});

describe('median spacing', () => {
  it('takes the numeric median of the positive, finite gaps (9 < 10 < 100, not sorted as text)', () => {
    // Gaps 10, 100, 9, 10; a repeated time (gap 0), a missing one and a step back are skipped.
    const times = [0, 10, 110, 119, 119, Number.NaN, 129, 100];
    expect(medianSpacing(times)).toBe(10);
    expect(medianSpacing([0, 9, 109, 119])).toBe(10);
    expect(medianSpacing([5])).toBeNaN();
    expect(medianSpacing(Float64Array.from([3, 3, 3]))).toBeNaN();
  });
});
