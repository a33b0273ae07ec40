import type * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { parseTable, seriesRowOfTableRow, seriesRowPlace, type PreparedSeries } from '../../../src-main/engine/data';
import { forecastSplit, rollout, rolloutFromRow } from '../../../src-main/engine/predict';
import { RunConfig } from '../../../src-main/engine/spec';
import { modelFor, monthlyCsv, prepareWith, tinyConfig } from './fixtures';

/**
 * With the "drop" policy the series skips rows with missing values; "From row" and the test chart
 * still speak of table rows (the Rows preview's numbers) and their dates.
 */
const blanked = [20, 21, 70]; // 0-based data rows whose sales are missing: data rows 21, 22 and 71
let lines: string[];
let prepared: PreparedSeries;
let model: tf.LayersModel;

beforeAll(async () => {
  await initBackend();
  lines = monthlyCsv(96).split('\n');
  for (const r of blanked) lines[r + 1] = lines[r + 1].replace(/^([^,]+),[^,]+,/, '$1,,');
  const base = tinyConfig();
  const config = RunConfig.parse({ ...base, series: { ...base.series, missing: 'drop' } });
  prepared = prepareWith(await parseTable('gaps.csv', lines.join('\n')), config);
  model = modelFor(prepared, config);
});
afterAll(() => model.dispose());

/** The date the CSV itself gives data row `row` (1-based; line 1 is the header). */
const dateInFile = (row: number): string => lines[row].split(',')[0];

describe('series rows and table rows with dropped rows', () => {
  it('drops the rows with missing values, and each series row keeps its table row and date', () => {
    expect(prepared.rowCount).toBe(96 - blanked.length);
    const place = seriesRowPlace(prepared, 20);
    expect(place.row).toBe(23);
    expect(place.date).toBe(dateInFile(23));
    expect(seriesRowPlace(prepared, 19)).toMatchObject({ at: 19, row: 20, date: dateInFile(20) });
  });

  it('maps a kept table row to its series row, and a dropped one to the next kept row with a note', () => {
    expect(seriesRowOfTableRow(prepared, 23)).toEqual({ at: 20, row: 23, date: dateInFile(23) });
    const snapped = seriesRowOfTableRow(prepared, 21);
    expect(snapped).toMatchObject({ at: 20, row: 23, date: dateInFile(23) });
    expect(snapped.note).toBe(`row 21 was dropped for missing values; the rollout starts at the next kept row, row 23 (${dateInFile(23)})`);
    expect(seriesRowOfTableRow(prepared, 96)).toMatchObject({ at: 92, row: 96 });
  });

  it('refuses rows without a full input window, naming the range in table rows', () => {
    expect(() => seriesRowOfTableRow(prepared, 2, 10, 92)).toThrow(/row 2 cannot start a rollout: it must be between row 11 \(\d{4}-\d\d\) and row 96 \(\d{4}-\d\d\)/);
    expect(() => seriesRowOfTableRow(prepared, 97)).toThrow(/row 97 cannot start a rollout/);
  });

  it('rolls forward from a table row: a dropped row starts at the next kept one, same as its series row', () => {
    const fromRow = rolloutFromRow(model, prepared, 71, 4);
    const fromAt = rollout(model, prepared, 68, 4);
    expect(fromRow.from).toMatchObject({ at: 68, row: 72, date: dateInFile(72) });
    expect(fromRow.from?.note).toContain('row 71 was dropped');
    expect(fromRow.predicted).toEqual(fromAt.predicted);
    expect(fromRow.input[fromRow.input.length - 1][0]).toBeCloseTo(Number(lines[72].split(',')[1]), 3);
    expect(fromAt.from).toEqual({ at: 68, row: 72, date: dateInFile(72) });
  });

  it('gives the test forecast each point’s table row and the rollout range in table rows', () => {
    const forecast = forecastSplit(model, prepared, 'test', { runId: 'r1' });
    expect(forecast.index).toHaveLength(forecast.x.length);
    expect(forecast.rows).toHaveLength(forecast.x.length);
    forecast.rows?.forEach((row, i) => expect(dateInFile(row)).toBe(forecast.x[i]));
    const start = forecast.rollFrom?.start;
    expect(start?.at).toBe((forecast.index?.[0] ?? 0) - 1);
    expect(start && dateInFile(start.row)).toBe(start?.date);
    expect(forecast.rollFrom?.last).toMatchObject({ at: 92, row: 96 });
    // The first start has a full window of lookback rows after the differencing warm-up.
    expect(forecast.rollFrom?.first.at).toBe(prepared.warmupRows + prepared.window.lookback - 1);
  });
});
