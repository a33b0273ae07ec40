import { describe, expect, it } from 'vitest';
import { calendarColumnValues, calendarValue } from '../../../src-main/engine/data';

const NAMES = ['hourOfDay', 'dayOfWeek', 'dayOfYear', 'month'].flatMap((f) => [`${f}:sin`, `${f}:cos`]);

describe('calendarColumnValues', () => {
  it('equals calendarValue date by date, before and after 1970, on odd minutes and seconds, and NaN for unknown dates', () => {
    const dates: number[] = [Number.NaN, 0, -1, -60_000, Date.UTC(1959, 11, 31, 23, 59, 59, 999), Date.UTC(2024, 1, 29, 13, 7, 42)];
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      dates.push(Date.UTC(1900, 0, 1) + (seed / 2147483648) * (Date.UTC(2100, 0, 1) - Date.UTC(1900, 0, 1)));
    }
    for (const name of NAMES) {
      const column = calendarColumnValues(dates, name);
      dates.forEach((t, i) => expect(Object.is(column[i], calendarValue(t, name)), `${name} at ${t}`).toBe(true));
    }
  });

  it('refuses a name that is not a calendar column', () => {
    expect(() => calendarColumnValues([0], 'load')).toThrow("'load' is not a calendar column");
  });
});
