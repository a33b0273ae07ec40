import { rowNumber } from '@engine-spec/index';

/** Compact, readable numbers for tables and labels: 4 significant digits, exponent for extremes. */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return '—';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-3) return value.toExponential(Math.max(0, digits - 2));
  return Number(value.toPrecision(digits)).toString();
}

/** 1234567 → "1,234,567" */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Seconds → "1 h 02 min", "3 min 05 s", "12 s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A tensor shape with the batch dimension shown as "batch": [null, 48, 64] → "batch × 48 × 64". */
export function formatShape(shape: ReadonlyArray<number | null>): string {
  return shape.map((d) => (d === null ? 'batch' : String(d))).join(' × ');
}

export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(1)} %`;
}

/** Chart axis labels: 3 significant digits, exponent for extremes (log axes otherwise print 1.4336990118026733). */
export function axisNumber(value: number): string {
  return formatNumber(value, 3);
}

export type DateGranularity = 'month' | 'day' | 'minute';

export const MS_PER_DAY = 86_400_000;

/**
 * How finely a date column's values need showing, from its range (epoch ms) and distinct count: a
 * column of month starts that has no more values than months in its span is monthly.
 */
export function dateGranularity(min: number, max: number, distinct: number): DateGranularity {
  const lo = new Date(min);
  const hi = new Date(max);
  if (min % MS_PER_DAY !== 0 || max % MS_PER_DAY !== 0) return 'minute';
  const monthStarts = lo.getUTCDate() === 1 && hi.getUTCDate() === 1;
  const monthsSpanned = (hi.getUTCFullYear() - lo.getUTCFullYear()) * 12 + (hi.getUTCMonth() - lo.getUTCMonth()) + 1;
  return monthStarts && distinct <= monthsSpanned ? 'month' : 'day';
}

/** Epoch ms → ISO text at the given granularity: "1949-01", "1949-01-31", "1949-01-31 13:05" (UTC). */
export function formatDate(value: number | null | undefined, granularity: DateGranularity = 'day'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  // Beyond ±8.64e15 ms a Date is invalid and toISOString throws.
  if (Math.abs(value) > 8.64e15) return formatNumber(value);
  const iso = new Date(value).toISOString();
  if (granularity === 'month') return iso.slice(0, 7);
  if (granularity === 'day') return iso.slice(0, 10);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** MAPE and sMAPE are percentages already (the engine multiplies by 100): 0.4773 is 0.48 %, not 47.7 %. */
export function formatPercentPoints(value: number | null | undefined): string {
  const text = formatNumber(value);
  return text === '—' || text === 'NaN' ? text : `${text} %`;
}

/** "Seasonal naive (12)", or a plain statement that no season was found (the engine then uses period 1, i.e. naive). */
export function seasonalNaiveLabel(season: number | null | undefined): string {
  return season !== null && season !== undefined && season >= 2 ? `Seasonal naive (${season})` : 'Seasonal naive (no season found: same as naive)';
}

/**
 * The one row numbering the app shows is the engine's (`rowNumber`, `describeRow`): 1-based, as the Rows
 * preview counts (the engine's row indices are 0-based). A date, when the data has one, says more than any number.
 */
export { rowNumber };
export function rowOrDate(x: string | number): string {
  return typeof x === 'number' ? `row ${rowNumber(x)}` : x;
}
