import { describe, expect, it } from 'vitest';
import { parseTable } from '../../../src-main/engine/data';
import { calendarSeasonsOfStep, confirmCalendarSeason, detectSeason, detectSeasonWithCalendar, typicalStep } from '../../../src-main/engine/metrics/season';
import { suggestConfig } from '../../../src-main/engine/defaults';
import { createRng } from '../../../src-main/engine/model/random';

const DAY = 86_400_000;

/** Weekly values with a yearly cycle (52.18 weeks), a trend and noise: like weekly CO2. */
function weeklyCsv(weeks: number): { csv: string; values: number[]; times: number[] } {
  const rng = createRng(7);
  const random = () => rng.next();
  const start = Date.UTC(1974, 4, 19);
  const values: number[] = [];
  const times: number[] = [];
  for (let w = 0; w < weeks; w++) {
    times.push(start + w * 7 * DAY);
    values.push(330 + 0.03 * w + 3 * Math.sin((2 * Math.PI * w) / 52.1775) + 0.4 * (random() - 0.5));
  }
  const csv = `date,co2\n${times.map((t, i) => `${new Date(t).toISOString().slice(0, 10)},${values[i].toFixed(3)}`).join('\n')}\n`;
  return { csv, values, times };
}

describe('season from the date column frequency', () => {
  it('maps sampling steps to their usual seasons', () => {
    expect(calendarSeasonsOfStep({ unit: 'ms', size: 3_600_000 })).toEqual([24, 168]);
    expect(calendarSeasonsOfStep({ unit: 'ms', size: 1_800_000 })).toEqual([48, 336]);
    expect(calendarSeasonsOfStep({ unit: 'ms', size: DAY })).toEqual([7, 365]);
    expect(calendarSeasonsOfStep({ unit: 'ms', size: 7 * DAY })).toEqual([52]);
    expect(calendarSeasonsOfStep({ unit: 'month', size: 1 })).toEqual([12]);
    expect(calendarSeasonsOfStep({ unit: 'month', size: 3 })).toEqual([4]);
    expect(calendarSeasonsOfStep({ unit: 'month', size: 12 })).toEqual([]);
  });

  it('finds the typical step despite a gap', () => {
    const times = [0, DAY, 2 * DAY, 5 * DAY, 6 * DAY, 7 * DAY];
    expect(typicalStep(times)).toEqual({ unit: 'ms', size: DAY });
  });

  it('gives weekly data season 52, where autocorrelation alone does not', () => {
    const { values, times } = weeklyCsv(600);
    expect(detectSeasonWithCalendar(values, times)).toBe(52);
    // Without dates the same values fall back to the autocorrelation peak.
    expect(detectSeasonWithCalendar(values)).toBe(detectSeason(values));
  });

  it('does not confirm a calendar season the data does not show', () => {
    const rng = createRng(3);
    const random = () => rng.next();
    const noise = Array.from({ length: 400 }, () => random());
    expect(confirmCalendarSeason(noise, [52])).toBeNull();
  });

  it('does not confirm a lag that correlates only because the series is persistent (no peak there)', () => {
    // Monthly, an 11-year cycle like sunspots: lag 12 correlates about 0.95, lag 11 more.
    const slow = Array.from({ length: 600 }, (_, i) => 50 + 40 * Math.sin((2 * Math.PI * i) / 132));
    expect(confirmCalendarSeason(slow, [12])).toBeNull();
    const yearly = slow.map((v, i) => v + 30 * Math.sin((2 * Math.PI * i) / 12));
    expect(confirmCalendarSeason(yearly, [12])).toBe(12);
  });

  it('counts lags in weeks when weeks are missing, as in weekly CO2: the suggestion still says 52', async () => {
    const lines = weeklyCsv(700).csv.trim().split('\n');
    // Every 12th week empty, and five in a row early on: dropping them would shift the yearly peak to lag 48.
    const gappy = lines.map((line, i) => (i > 0 && (i % 12 === 0 || (i >= 20 && i < 25)) ? `${line.split(',')[0]},` : line));
    const table = await parseTable('co2.csv', `${gappy.join('\n')}\n`);
    expect(Number.isNaN(table.column('co2')[23])).toBe(true);
    expect(suggestConfig(table, ['co2']).series.season).toBe(52);
  });

  it('suggests season 52 for a weekly file and 4 for a quarterly one', async () => {
    const weekly = await parseTable('co2.csv', weeklyCsv(700).csv);
    expect(suggestConfig(weekly, ['co2']).series.season).toBe(52);

    const quarters: string[] = [];
    for (let q = 0; q < 120; q++) {
      const year = 1960 + Math.floor(q / 4);
      const month = (q % 4) * 3 + 1;
      quarters.push(`${year}-${String(month).padStart(2, '0')}-01,${(100 + q + 6 * [1, -1, 2, -2][q % 4]).toFixed(2)}`);
    }
    const quarterly = await parseTable('macro.csv', `date,gdp\n${quarters.join('\n')}\n`);
    expect(suggestConfig(quarterly, ['gdp']).series.season).toBe(4);
  });
});
