import { describe, expect, it } from 'vitest';
import { parseTable } from '../../../src-main/engine/data';
import { calendarStep, describeStep, detectDateFormat, isoLabel, parseDate } from '../../../src-main/engine/data/dates';

const utc = (...parts: [number, number, number, number?, number?, number?]): number => Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3] ?? 0, parts[4] ?? 0, parts[5] ?? 0);

describe('date formats', () => {
  it('reads ISO dates, datetimes and offsets as UTC', () => {
    expect(parseDate('2024-03-05', 'ymd')).toBe(utc(2024, 3, 5));
    expect(parseDate('2024-03-05 14:30', 'ymd')).toBe(utc(2024, 3, 5, 14, 30));
    expect(parseDate('2024-03-05T14:30:15Z', 'ymd')).toBe(utc(2024, 3, 5, 14, 30, 15));
    expect(parseDate('2024-03-05T14:30:15.250Z', 'ymd')).toBe(utc(2024, 3, 5, 14, 30, 15) + 250);
    expect(parseDate('2024-03-05T14:30:00+02:00', 'ymd')).toBe(utc(2024, 3, 5, 12, 30));
    expect(parseDate('2024/03/05', 'ymd')).toBe(utc(2024, 3, 5));
  });

  it('rejects impossible dates instead of rolling them over', () => {
    expect(parseDate('2023-02-29', 'ymd')).toBeNaN();
    expect(parseDate('2024-13-01', 'ymd')).toBeNaN();
    expect(parseDate('31/04/2024', 'dmy')).toBeNaN();
  });

  it('reads year-month as the first of the month', () => {
    expect(parseDate('1949-01', 'year-month')).toBe(utc(1949, 1, 1));
    expect(isoLabel(utc(1949, 1, 1), 'year-month')).toBe('1949-01');
  });

  it('tells DD/MM/YYYY from MM/DD/YYYY by a day above 12', () => {
    expect(detectDateFormat(['05/01/2024', '13/01/2024', '21/01/2024'], 'd')).toEqual({ format: 'dmy', ambiguous: false });
    expect(detectDateFormat(['01/05/2024', '01/13/2024', '01/21/2024'], 'd')).toEqual({ format: 'mdy', ambiguous: false });
    expect(parseDate('13/01/2024', 'dmy')).toBe(utc(2024, 1, 13));
    expect(parseDate('01/13/2024 08:15', 'mdy')).toBe(utc(2024, 1, 13, 8, 15));
  });

  it('settles all-ambiguous day/month dates by the more regular spacing', () => {
    const months = (format: (month: number, year: number) => string): string[] =>
      Array.from({ length: 14 }, (_, i) => format((i % 12) + 1, 2024 + Math.floor(i / 12)));
    const pad = (n: number): string => String(n).padStart(2, '0');
    // Monthly on the 1st: only one reading steps by exactly one month; the other runs 1..12 Jan, then jumps.
    expect(detectDateFormat(months((m, y) => `01/${pad(m)}/${y}`), 'month')).toEqual({ format: 'dmy', ambiguous: true });
    expect(detectDateFormat(months((m, y) => `${pad(m)}/01/${y}`), 'month')).toEqual({ format: 'mdy', ambiguous: true });
  });

  it('reads truly undecidable day/month dates as day/month and says so', async () => {
    expect(detectDateFormat(['01/02/2024', '02/02/2024', '03/02/2024'], 'day')).toEqual({ format: 'dmy', ambiguous: true });
    const table = await parseTable('amb.csv', 'day,v\n01/02/2024,1\n02/02/2024,2\n03/02/2024,3\n');
    expect(table.summary.issues.find((i) => i.code === 'ambiguous-dates')).toMatchObject({ severity: 'info', column: 'day' });
  });

  it('reads unix seconds and milliseconds only in a time-named column', () => {
    const seconds = ['1700000000', '1700003600', '1700007200'];
    expect(detectDateFormat(seconds, 'timestamp')?.format).toBe('unix-s');
    expect(detectDateFormat(seconds.map((s) => s + '000'), 'time_ms')?.format).toBe('unix-ms');
    expect(detectDateFormat(seconds, 'price')).toBeNull();
    expect(parseDate('1700000000', 'unix-s')).toBe(1_700_000_000_000);
  });

  it('does not take plain numbers or words for dates', () => {
    expect(detectDateFormat(['1', '2', '3'], 'time')).toBeNull();
    expect(detectDateFormat(['north', 'south'], 'date')).toBeNull();
  });

  it('measures steps in calendar months when the day of month repeats', () => {
    expect(calendarStep(utc(2024, 1, 31), utc(2024, 2, 29))).toEqual({ unit: 'month', size: 1 });
    expect(calendarStep(utc(2024, 1, 15), utc(2024, 4, 15))).toEqual({ unit: 'month', size: 3 });
    expect(calendarStep(utc(2024, 1, 1), utc(2024, 1, 2))).toEqual({ unit: 'ms', size: 86_400_000 });
    expect(describeStep({ unit: 'month', size: 12 })).toBe('1 year');
    expect(describeStep({ unit: 'ms', size: 900_000 })).toBe('15 minutes');
  });
});

describe('date columns in tables', () => {
  it('parses each supported format in a file and sorts by it', async () => {
    const cases: [string, string[], number[]][] = [
      ['2024-01-02 10:00\n2024-01-01 10:00', ['2024-01-01 10:00', '2024-01-02 10:00'], [utc(2024, 1, 1, 10), utc(2024, 1, 2, 10)]],
      ['1949-02\n1949-01', ['1949-01', '1949-02'], [utc(1949, 1, 1), utc(1949, 2, 1)]],
      ['25/12/2023\n24/12/2023', ['24/12/2023', '25/12/2023'], [utc(2023, 12, 24), utc(2023, 12, 25)]],
      ['12/25/2023\n12/24/2023', ['12/24/2023', '12/25/2023'], [utc(2023, 12, 24), utc(2023, 12, 25)]],
    ];
    for (const [body, sortedCells, times] of cases) {
      const table = await parseTable('d.csv', `when,v\n${body.split('\n').map((d, i) => `${d},${i}`).join('\n')}\n`);
      expect(table.summary.columns[0].kind).toBe('date');
      expect(table.rows.map((r) => r[0])).toEqual(sortedCells);
      expect(Array.from(table.dates ?? [])).toEqual(times);
      expect(Array.from(table.column('when'))).toEqual(times);
    }
  });

  it('reads unix timestamps in a column named ts', async () => {
    const table = await parseTable('u.csv', 'ts,v\n1700000000,1\n1700003600,2\n');
    expect(table.summary.dateColumn).toBe('ts');
    expect(Array.from(table.dates ?? [])).toEqual([1_700_000_000_000, 1_700_003_600_000]);
  });
});
