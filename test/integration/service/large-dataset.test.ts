import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './service-harness';

/** What the Data view asks for on a big file: a summary, one page of rows, a downsampled chart. */
const ROWS = 300_000;

let h: Harness;
let datasetId: string;
beforeAll(async () => {
  h = await startHarness();
  const lines = ['time,load,temp'];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < ROWS; i++) {
    const time = new Date(start + i * 60_000).toISOString().slice(0, 16).replace('T', ' ');
    lines.push(`${time},${(100 + 50 * Math.sin(i / 500) + (i === 123_456 ? 900 : 0)).toFixed(3)},${(i % 40) - 10}`);
  }
  const base64 = Buffer.from(lines.join('\n') + '\n').toString('base64');
  const summary = await h.api.call('datasets.upload', { name: 'minutes.csv', base64 });
  datasetId = summary.id;
  expect(summary).toMatchObject({ rows: ROWS, dateColumn: 'time' });
  expect(summary.columns.map((c) => c.kind)).toEqual(['date', 'numeric', 'numeric']);
});
afterAll(async () => {
  await h.close();
});

describe('a 300,000-row dataset in the Data view', () => {
  it('serves one page of rows from the middle, in the file’s own text', async () => {
    const page = await h.api.call('datasets.rows', { datasetId, offset: 150_000, limit: 3 });
    expect(page.total).toBe(ROWS);
    expect(page.rows).toHaveLength(3);
    expect(page.rows[0][0]).toBe(new Date(Date.UTC(2024, 0, 1) + 150_000 * 60_000).toISOString().slice(0, 16).replace('T', ' '));
    expect(page.rows[0][2]).toBe(String((150_000 % 40) - 10));
    const last = await h.api.call('datasets.rows', { datasetId, offset: ROWS - 2, limit: 1000 });
    expect(last.rows).toHaveLength(2);
  });

  it('downsamples the chart to the points asked for, keeping the spike', async () => {
    const series = await h.api.call('datasets.series', { datasetId, columns: ['load'], maxPoints: 2000 });
    expect(series.totalRows).toBe(ROWS);
    expect(series.x.length).toBeLessThanOrEqual(2000);
    expect(series.index).toContain(123_456);
    expect(Math.max(...series.columns.load.map((v) => v ?? -Infinity))).toBeGreaterThan(900);
  });

  it('draws a zoomed range in detail: every row of a short range, and refuses an empty range', async () => {
    const detail = await h.api.call('datasets.series', { datasetId, columns: ['load', 'temp'], maxPoints: 2000, fromRow: 123_000, toRow: 124_000 });
    expect(detail.index).toEqual(Array.from({ length: 1000 }, (_, i) => 123_000 + i));
    expect(detail.x[456]).toBe(new Date(Date.UTC(2024, 0, 1) + 123_456 * 60_000).toISOString());
    expect(detail.columns.temp[0]).toBe((123_000 % 40) - 10);
    await expect(h.api.call('datasets.series', { datasetId, columns: ['load'], maxPoints: 2000, fromRow: 5, toRow: 5 })).rejects.toMatchObject({ code: 'bad_input', where: 'fromRow' });
  });
});
