/** How a date column is written. All dates without an explicit offset are read as UTC. */
export type DateFormat = 'ymd' | 'year-month' | 'year' | 'dmy' | 'mdy' | 'unix-s' | 'unix-ms';

const YMD = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const YEAR_MONTH = /^(\d{4})[-/](\d{1,2})$/;
const DAY_MONTH = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/i;
const INTEGER = /^\d+$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/** Date.UTC that rejects out-of-range parts instead of rolling them over (31 Feb → NaN). */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) return Number.NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const sign = digits[0] === '-' ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

function fullYear(text: string): number {
  const year = Number(text);
  if (text.length === 4) return year;
  return year < 50 ? 2000 + year : 1900 + year;
}

/** Epoch ms of a cell in the given format; NaN when the cell is not such a date. */
export function parseDate(cell: string, format: DateFormat): number {
  const text = cell.trim();
  switch (format) {
    case 'ymd': {
      const m = YMD.exec(text);
      if (!m) return Number.NaN;
      const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
      const time = utc(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), millis);
      return time - offsetMinutes(m[8]) * 60_000;
    }
    case 'year-month': {
      const m = YEAR_MONTH.exec(text);
      return m ? utc(Number(m[1]), Number(m[2]), 1) : Number.NaN;
    }
    case 'dmy':
    case 'mdy': {
      const m = DAY_MONTH.exec(text);
      if (!m) return Number.NaN;
      const [first, second] = [Number(m[1]), Number(m[2])];
      const [day, month] = format === 'dmy' ? [first, second] : [second, first];
      return utc(fullYear(m[3]), month, day, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
    }
    case 'year':
      return INTEGER.test(text) ? startOfYear(Number(text)) : Number.NaN;
    case 'unix-s':
      return INTEGER.test(text) ? Number(text) * 1000 : Number.NaN;
    case 'unix-ms':
      return INTEGER.test(text) ? Number(text) : Number.NaN;
  }
}

/** 1 January of a year, UTC (Date.UTC would read years 0–99 as 1900–1999). */
function startOfYear(year: number): number {
  if (year < 1 || year > 9999) return Number.NaN;
  const date = new Date(0);
  date.setUTCFullYear(year, 0, 1);
  return date.getTime();
}

/** A column name that says it holds years: YEAR, year, Yr, fiscal_year… */
const YEAR_NAME = /(^|[^a-z])(year|yr)s?([^a-z]|$)/i;

/** Whole numbers that only go up: a count of years or steps, not a measurement. */
export function isIncreasingIntegers(values: readonly string[]): boolean {
  if (values.length < 2 || !values.every((v) => INTEGER.test(v))) return false;
  for (let i = 1; i < values.length; i++) if (Number(values[i]) <= Number(values[i - 1])) return false;
  return true;
}

/** Years a `time`-named integer column is read as (outside: a counter, or unix seconds). */
const MIN_TIME_YEAR = 1000;
const MAX_TIME_YEAR = 2999;

/** A column name that says it holds times, so integer cells may be unix timestamps or years. */
const TIME_NAME = /(^|[^a-z])(time|timestamp|date|datetime|epoch|ts|unix)([^a-z]|$)/i;

export interface DateDetection {
  format: DateFormat;
  /** True when every day/month pair was ≤ 12, so the order was chosen by regularity. */
  ambiguous: boolean;
}

/**
 * Finds the one format that reads (nearly) all non-empty cells of a column as dates, or null.
 * `minShare` is the fraction of non-empty cells that must parse.
 */
export function detectDateFormat(cells: string[], columnName: string, minShare = 0.9): DateDetection | null {
  const values = cells.map((c) => c.trim()).filter((c) => c !== '');
  if (values.length === 0) return null;
  const share = (format: DateFormat): number => values.filter((v) => !Number.isNaN(parseDate(v, format))).length / values.length;

  for (const format of ['ymd', 'year-month'] as const) {
    if (share(format) >= minShare) return { format, ambiguous: false };
  }
  const dmy = share('dmy');
  const mdy = share('mdy');
  if (Math.max(dmy, mdy) >= minShare) {
    if (dmy >= minShare && mdy >= minShare) {
      return { format: moreRegular(values, 'dmy', 'mdy'), ambiguous: true };
    }
    return { format: dmy >= mdy ? 'dmy' : 'mdy', ambiguous: false };
  }
  // YEAR 1700…2008 is the time axis (yearly steps), not a number to forecast.
  if (YEAR_NAME.test(columnName) && isIncreasingIntegers(values) && values.every((v) => !Number.isNaN(parseDate(v, 'year')))) return { format: 'year', ambiguous: false };
  // A `time` column of years (R's yearly series exported as time,value: 1871…1970) is yearly too; the
  // plausible-year range keeps a time counter (1, 2, 3…) and unix seconds out.
  if (TIME_NAME.test(columnName) && isIncreasingIntegers(values) && values.every((v) => Number(v) >= MIN_TIME_YEAR && Number(v) <= MAX_TIME_YEAR)) return { format: 'year', ambiguous: false };
  if (TIME_NAME.test(columnName) && values.every((v) => INTEGER.test(v))) {
    const median = [...values].map(Number).sort((a, b) => a - b)[Math.floor(values.length / 2)];
    // 1e8 s is 1973, 1e10 s is 2286: beyond that the integers are milliseconds.
    if (median >= 1e8 && median < 1e10) return { format: 'unix-s', ambiguous: false };
    if (median >= 1e11 && median < 1e13) return { format: 'unix-ms', ambiguous: false };
  }
  return null;
}

/** When day and month could be swapped, the reading whose steps are most alike is the right one. */
function moreRegular(values: string[], a: DateFormat, b: DateFormat): DateFormat {
  return distinctSteps(values, b) < distinctSteps(values, a) ? b : a;
}

function distinctSteps(values: string[], format: DateFormat): number {
  const times = values.map((v) => parseDate(v, format)).filter((t) => !Number.isNaN(t)).sort((x, y) => x - y);
  const steps = new Set<string>();
  for (let i = 1; i < times.length; i++) steps.add(stepKey(calendarStep(times[i - 1], times[i])));
  return steps.size;
}

const DAY_MS = 86_400_000;

/** A step between two times: whole calendar months when both fall on the same day of the month (or both on a month's last day), else milliseconds. */
export interface CalendarStep {
  unit: 'month' | 'ms';
  size: number;
}

export function calendarStep(from: number, to: number): CalendarStep {
  // Shorter than any month, and no Date objects needed (the common, sub-monthly case).
  if (Math.abs(to - from) < 28 * DAY_MS) return { unit: 'ms', size: to - from };
  const a = new Date(from);
  const b = new Date(to);
  const sameTimeOfDay = ((from % DAY_MS) + DAY_MS) % DAY_MS === ((to % DAY_MS) + DAY_MS) % DAY_MS;
  const sameDay = a.getUTCDate() === b.getUTCDate() || (isLastDayOfMonth(a) && isLastDayOfMonth(b));
  const months = b.getUTCFullYear() * 12 + b.getUTCMonth() - (a.getUTCFullYear() * 12 + a.getUTCMonth());
  if (sameTimeOfDay && sameDay && months !== 0) return { unit: 'month', size: months };
  return { unit: 'ms', size: to - from };
}

export function stepKey(step: CalendarStep): string {
  return `${step.unit}:${step.size}`;
}

function isLastDayOfMonth(date: Date): boolean {
  return new Date(date.getTime() + DAY_MS).getUTCDate() === 1;
}

/** Human wording of a step: "1 month", "1 day", "15 minutes". */
export function describeStep(step: CalendarStep): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (step.unit === 'month') return step.size % 12 === 0 ? plural(step.size / 12, 'year') : plural(step.size, 'month');
  const units: [number, string][] = [[DAY_MS * 7, 'week'], [DAY_MS, 'day'], [3_600_000, 'hour'], [60_000, 'minute'], [1000, 'second']];
  for (const [ms, word] of units) if (step.size % ms === 0 && step.size >= ms) return plural(step.size / ms, word);
  return plural(step.size, 'millisecond');
}

/** Labels for x axes and exports: as precise as the data needs. */
export function isoLabel(time: number, format: DateFormat): string {
  if (!Number.isFinite(time)) return '';
  const iso = new Date(time).toISOString();
  if (format === 'year-month') return iso.slice(0, 7);
  if (format === 'year') return iso.slice(0, 4);
  if (time % 86_400_000 === 0) return iso.slice(0, 10);
  return iso.replace('.000Z', 'Z');
}

const WRITTEN_DAY_MONTH = /^\d{2}([-/.])\d{2}\1\d{4}$/;
const WRITTEN_YMD = /^\d{4}([-/.])\d{2}\1\d{2}(?:([T ])\d{2}:\d{2}(:\d{2})?)?$/;

/**
 * A date as the column writes it, judged from one example: '2024-01-01 10:00' style columns come
 * back in that style, so a preview shows the file's text without keeping every cell's string.
 */
export function writtenLike(example: string, time: number, format: DateFormat): string {
  if ((format === 'dmy' || format === 'mdy') && Number.isFinite(time) && time % 86_400_000 === 0) {
    const d = WRITTEN_DAY_MONTH.exec(example.trim());
    if (d) {
      const iso = new Date(time).toISOString();
      const [year, month, day] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
      return format === 'dmy' ? `${day}${d[1]}${month}${d[1]}${year}` : `${month}${d[1]}${day}${d[1]}${year}`;
    }
  }
  const m = format === 'ymd' ? WRITTEN_YMD.exec(example.trim()) : null;
  if (!m || !Number.isFinite(time) || time % 1000 !== 0) return isoLabel(time, format);
  const iso = new Date(time).toISOString();
  const day = iso.slice(0, 10).replace(/-/g, m[1]);
  if (!m[2]) return time % 86_400_000 === 0 ? day : isoLabel(time, format);
  return `${day}${m[2]}${iso.slice(11, m[3] ? 19 : 16)}${!m[3] && iso.slice(17, 19) !== '00' ? iso.slice(16, 19) : ''}`;
}
