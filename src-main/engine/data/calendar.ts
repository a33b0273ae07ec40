/**
 * Calendar covariates from dates: each feature is a position in a cycle (hour in the day, day in the
 * week, day in the year, month in the year) encoded as a sin/cos pair, two smooth inputs per feature
 * where a one-hot would need up to 12. Dates are read in UTC, as the data area parses them.
 */
import type { CalendarFeature } from '../spec';

const DAY_MS = 86_400_000;

/** The input column names a calendar feature adds, in order. */
export function calendarColumnNames(features: readonly CalendarFeature[]): string[] {
  return features.flatMap((f) => [`${f}:sin`, `${f}:cos`]);
}

/** The feature and the half ('sin' or 'cos') an input column name stands for; undefined for data columns. */
export function parseCalendarColumn(name: string): { feature: CalendarFeature; part: 'sin' | 'cos' } | undefined {
  const match = /^(hourOfDay|dayOfWeek|dayOfYear|month):(sin|cos)$/.exec(name);
  return match ? { feature: match[1] as CalendarFeature, part: match[2] as 'sin' | 'cos' } : undefined;
}

/** Position in the feature's cycle as a fraction of a turn, 0 ≤ phase < 1. */
export function calendarPhase(epochMs: number, feature: CalendarFeature): number {
  const date = new Date(epochMs);
  switch (feature) {
    case 'hourOfDay':
      return (date.getUTCHours() + date.getUTCMinutes() / 60) / 24;
    case 'dayOfWeek':
      return date.getUTCDay() / 7;
    case 'dayOfYear': {
      const start = Date.UTC(date.getUTCFullYear(), 0, 1);
      const days = Date.UTC(date.getUTCFullYear() + 1, 0, 1) - start;
      return (epochMs - start) / days;
    }
    case 'month':
      return date.getUTCMonth() / 12;
  }
}

/** The value of one calendar input column at a date (NaN for an unknown date). */
export function calendarValue(epochMs: number, name: string): number {
  const column = parseCalendarColumn(name);
  if (!column) throw new Error(`'${name}' is not a calendar column`);
  if (!Number.isFinite(epochMs)) return Number.NaN;
  const angle = 2 * Math.PI * calendarPhase(epochMs, column.feature);
  return column.part === 'sin' ? Math.sin(angle) : Math.cos(angle);
}

const MS_PER_DAY = 86_400_000;

/**
 * One calendar input column for every date at once (what calendarValue gives per date). Hour of day
 * and day of week are read off the epoch milliseconds with the same arithmetic as the Date getters,
 * so a million rows take no Date object each.
 */
export function calendarColumnValues(epochMs: ArrayLike<number>, name: string): Float64Array {
  const column = parseCalendarColumn(name);
  if (!column) throw new Error(`'${name}' is not a calendar column`);
  const out = new Float64Array(epochMs.length);
  const wave = column.part === 'sin' ? Math.sin : Math.cos;
  for (let i = 0; i < epochMs.length; i++) {
    const t = epochMs[i];
    if (!Number.isFinite(t)) {
      out[i] = Number.NaN;
      continue;
    }
    let phase: number;
    if (column.feature === 'hourOfDay') {
      const msOfDay = ((t % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
      const hours = Math.floor(msOfDay / 3_600_000);
      const minutes = Math.floor((msOfDay % 3_600_000) / 60_000);
      phase = (hours + minutes / 60) / 24;
    } else if (column.feature === 'dayOfWeek') {
      // 1970-01-01 was a Thursday (getUTCDay 4).
      phase = ((((Math.floor(t / MS_PER_DAY) + 4) % 7) + 7) % 7) / 7;
    } else {
      phase = calendarPhase(t, column.feature);
    }
    out[i] = wave(2 * Math.PI * phase);
  }
  return out;
}

export function medianSpacing(epochMs: ArrayLike<number>): number {
  // A typed array sorted numerically: a million rows' gaps as boxed numbers cost several times as much.
  const all = new Float64Array(Math.max(0, epochMs.length - 1));
  let count = 0;
  for (let i = 1; i < epochMs.length; i++) {
    const gap = epochMs[i] - epochMs[i - 1];
    if (Number.isFinite(gap) && gap > 0) all[count++] = gap;
  }
  if (count === 0) return Number.NaN;
  const gaps = all.subarray(0, count).sort();
  return gaps[Math.floor(count / 2)];
}

/**
 * The features that vary at the data's spacing and repeat within its span: hourly (or finer) data
 * gets hour of day and day of week; daily data day of week, and day of year when it spans a year;
 * weekly data day of year; monthly and quarterly data the month. None without dates, or for yearly
 * data (nothing repeats).
 */
export function suggestCalendar(epochMs: ArrayLike<number>): CalendarFeature[] {
  const spacing = medianSpacing(epochMs);
  if (!Number.isFinite(spacing)) return [];
  const span = epochMs[epochMs.length - 1] - epochMs[0];
  const coversYear = span >= 365 * DAY_MS;
  if (spacing < DAY_MS) return ['hourOfDay', 'dayOfWeek'];
  if (spacing < 2 * DAY_MS) return coversYear ? ['dayOfWeek', 'dayOfYear'] : ['dayOfWeek'];
  if (spacing < 20 * DAY_MS) return coversYear ? ['dayOfYear'] : [];
  if (spacing < 100 * DAY_MS) return coversYear ? ['month'] : [];
  return [];
}
