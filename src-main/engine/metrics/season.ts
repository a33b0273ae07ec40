/**
 * Seasonal period detection, used when SeriesSpec.season is not given: the periods the date
 * column's frequency implies first (a year of weeks is 52.18 weeks, which no lag of the
 * autocorrelation hits exactly), confirmed on the data; autocorrelation peaks otherwise.
 */
import { calendarStep, stepKey, type CalendarStep } from '../data/dates';

/** Minimum autocorrelation a peak needs to count as a season rather than noise. */
export const MIN_SEASON_CORRELATION = 0.3;
export const DEFAULT_MAX_SEASON_LAG = 400;

/**
 * Removes the least-squares line. A trend makes the autocorrelation high at every lag and hides
 * the seasonal peaks; differencing would remove it too but amplifies noise on smooth seasonal
 * series, which drowns the peak.
 */
export function detrend(series: ArrayLike<number>): Float64Array {
  const n = series.length;
  const meanT = (n - 1) / 2;
  let meanY = 0;
  for (let i = 0; i < n; i++) meanY += series[i];
  meanY /= n;
  let cov = 0;
  let varT = 0;
  for (let i = 0; i < n; i++) {
    cov += (i - meanT) * (series[i] - meanY);
    varT += (i - meanT) * (i - meanT);
  }
  const slope = varT > 0 ? cov / varT : 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = series[i] - meanY - slope * (i - meanT);
  return out;
}

/**
 * Sample autocorrelation for lags 0..maxLag with the standard n-denominator estimator (which
 * shrinks long lags, so a season's multiples never outrank the season itself by chance).
 */
export function autocorrelation(series: ArrayLike<number>, maxLag: number): Float64Array {
  const n = series.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += series[i];
  mean /= n;
  let c0 = 0;
  for (let i = 0; i < n; i++) c0 += (series[i] - mean) ** 2;
  const acf = new Float64Array(maxLag + 1);
  if (c0 === 0) return acf;
  for (let k = 0; k <= maxLag && k < n; k++) {
    let ck = 0;
    for (let i = k; i < n; i++) ck += (series[i] - mean) * (series[i - k] - mean);
    acf[k] = ck / c0;
  }
  return acf;
}

/**
 * The seasonal period: the lag with the highest autocorrelation peak (a local maximum) among
 * 2..min(maxLag, n/3) of the detrended series, if that peak reaches MIN_SEASON_CORRELATION;
 * otherwise 1, meaning "no season" (seasonal naive then equals naive). Non-finite values are
 * dropped first.
 */
export function detectSeason(series: ArrayLike<number>, maxLag: number = DEFAULT_MAX_SEASON_LAG): number {
  const finite = Array.from(series as ArrayLike<number>).filter((v) => Number.isFinite(v));
  const limit = Math.min(maxLag, Math.floor(finite.length / 3));
  if (limit < 2) return 1;
  // One lag beyond the limit so a peak at the limit itself can be recognised as a local maximum.
  const acf = autocorrelation(detrend(finite), limit + 1);
  let best = 1;
  let bestValue = -Infinity;
  for (let k = 2; k <= limit; k++) {
    const isPeak = acf[k] > acf[k - 1] && acf[k] >= acf[k + 1];
    if (isPeak && acf[k] >= MIN_SEASON_CORRELATION && acf[k] > bestValue) {
      best = k;
      bestValue = acf[k];
    }
  }
  return best;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The seasons a sampling step implies, most usual first: hourly 24/168, daily 7/365, monthly 12, … */
export function calendarSeasonsOfStep(step: CalendarStep): number[] {
  if (step.unit === 'month') {
    if (step.size === 1) return [12];
    if (step.size === 3) return [4];
    if (step.size === 6) return [2];
    return [];
  }
  const known: Array<[number, number[]]> = [
    [HOUR_MS / 2, [48, 336]],
    [HOUR_MS, [24, 168]],
    [DAY_MS, [7, 365]],
    [7 * DAY_MS, [52]],
  ];
  return known.find(([ms]) => ms === step.size)?.[1] ?? [];
}

/** The most common step between consecutive times (epoch ms), or null when there are too few. */
export function typicalStep(times: ArrayLike<number>): CalendarStep | null {
  const counts = new Map<string, { step: CalendarStep; count: number }>();
  for (let i = 1; i < times.length; i++) {
    if (!Number.isFinite(times[i]) || !Number.isFinite(times[i - 1])) continue;
    const step = calendarStep(times[i - 1], times[i]);
    const key = stepKey(step);
    const entry = counts.get(key) ?? { step, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  let best: { step: CalendarStep; count: number } | null = null;
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
  return best?.step ?? null;
}

/** Seasons implied by a date column's frequency (epoch ms per row); empty without dates. */
export function calendarSeasons(times: ArrayLike<number> | undefined): number[] {
  if (!times) return [];
  const step = typicalStep(times);
  return step ? calendarSeasonsOfStep(step) : [];
}

/**
 * The calendar season the data confirms: among `candidates`, those with two full seasons of rows
 * whose detrended autocorrelation at that lag reaches MIN_SEASON_CORRELATION and is a peak (above
 * the lag before, not below the lag after, as `detectSeason` asks); the strongest wins. The peak
 * matters for persistent series: monthly sunspots correlate 0.70 at lag 12 only because they
 * correlate 0.72 at lag 11 — their cycle is the 11-year one, and a month-of-year covariate gave the
 * network nothing but inputs to overfit (test MASE 0.60 with it, 0.57 without).
 */
export function confirmCalendarSeason(series: ArrayLike<number>, candidates: readonly number[]): number | null {
  const finite = Array.from(series as ArrayLike<number>).filter((v) => Number.isFinite(v));
  const usable = candidates.filter((k) => k >= 2 && finite.length >= 2 * k);
  if (usable.length === 0) return null;
  const acf = autocorrelation(detrend(finite), Math.max(...usable) + 1);
  let best: number | null = null;
  for (const k of usable) {
    const isPeak = acf[k] > acf[k - 1] && acf[k] >= acf[k + 1];
    if (isPeak && acf[k] >= MIN_SEASON_CORRELATION && (best === null || acf[k] > acf[best])) best = k;
  }
  return best;
}

/** The date column's season when the data confirms it, else the autocorrelation's peak (1: none). */
export function detectSeasonWithCalendar(series: ArrayLike<number>, times?: ArrayLike<number>): number {
  return confirmCalendarSeason(series, calendarSeasons(times)) ?? detectSeason(series);
}

export interface SeasonChoice {
  season: number;
  source: 'configured' | 'detected' | 'none';
  note?: string;
}

/**
 * The season used for seasonal naive and MASE: the configured one, else the one detected on the
 * training rows (never on val/test), else 1 with a note that seasonal naive then equals naive.
 */
export function chooseSeason(trainSeries: ArrayLike<number>, configured?: number, trainTimes?: ArrayLike<number>): SeasonChoice {
  if (configured !== undefined && configured >= 2) return { season: configured, source: 'configured' };
  const candidates = calendarSeasons(trainTimes);
  const fromCalendar = confirmCalendarSeason(trainSeries, candidates);
  if (fromCalendar !== null) return { season: fromCalendar, source: 'detected', note: `Season ${fromCalendar} follows from the date column's frequency and is confirmed by the training rows' autocorrelation.` };
  const detected = detectSeason(trainSeries);
  if (detected >= 2) return { season: detected, source: 'detected', note: `Season ${detected} was detected from the training rows' autocorrelation.` };
  return { season: 1, source: 'none', note: noSeasonNote(trainSeries, candidates) };
}

/** Why no season was used, naming the date column's season when the data did not bear it out. */
function noSeasonNote(trainSeries: ArrayLike<number>, candidates: readonly number[]): string {
  const consequence = 'so the seasonal naive baseline equals the naive one';
  if (candidates.length === 0) return `No seasonal period was detected in the training rows, ${consequence} (set series.season to use a known period).`;
  const finite = Array.from(trainSeries).filter((v) => Number.isFinite(v));
  const lag = candidates[0];
  const named = candidates.join(' or ');
  if (finite.length < 2 * lag) {
    return `The date column's frequency suggests season ${named}, but the training rows hold fewer than two seasons (${finite.length} rows), too few to confirm it, ${consequence} (set series.season to ${lag} to use it anyway).`;
  }
  const acf = autocorrelation(detrend(finite), lag + 1);
  const why =
    acf[lag] >= MIN_SEASON_CORRELATION
      ? `their detrended autocorrelation at lag ${lag} (${acf[lag].toFixed(2)}) is no peak: it carries over from the neighbouring lags`
      : `their detrended autocorrelation at lag ${lag} is ${acf[lag].toFixed(2)}, under the ${MIN_SEASON_CORRELATION} a season needs`;
  return `The date column's frequency suggests season ${named}, but the training rows do not bear it out (${why}), ${consequence} (set series.season to ${lag} to use it anyway).`;
}
