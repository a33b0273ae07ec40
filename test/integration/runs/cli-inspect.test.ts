import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, SAMPLE_CSV, tempDir } from './harness';

const ROWS = 400;
const START = Date.UTC(2020, 0, 1);
const minute = (r: number): number => START + r * 60_000;
const stamp = (r: number): string => new Date(minute(r)).toISOString().slice(0, 19).replace('T', ' ');
const level = (r: number): number => Number((100 + 10 * Math.sin(r / 20) + (r % 7)).toFixed(3));

interface InspectJson {
  summary: { format: string; rows: number; dateColumn?: string; columns: { name: string; kind: string; stats: { min: number | null; max: number | null; mean: number | null; count: number } }[] };
  suggestedConfig: { model: { ensemble: number; linearShortcut?: boolean } } | null;
  usable: boolean;
}

describe('rnn-studio inspect', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let csv: string;
  let parquet: string;

  beforeAll(async () => {
    dir = await tempDir('inspect');
    const lines = ['time,load,temp'];
    for (let r = 0; r < ROWS; r++) lines.push(`${stamp(r)},${r === 123 ? 'n/a?' : level(r)},${(r % 11) + 0.5}`);
    csv = join(dir.path, 'minutes.csv');
    await writeFile(csv, lines.join('\n') + '\n');
    parquet = join(dir.path, 'minutes.parquet');
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'time', data: Array.from({ length: ROWS }, (_, r) => new Date(minute(r))), type: 'TIMESTAMP' },
        { name: 'load', data: Array.from({ length: ROWS }, (_, r) => (r === 123 ? null : level(r))), type: 'DOUBLE' },
        { name: 'temp', data: Array.from({ length: ROWS }, (_, r) => (r % 11) + 0.5), type: 'DOUBLE' },
      ],
    });
    await writeFile(parquet, Buffer.from(buffer));
  });
  afterAll(() => dir.remove());

  it('names a bad cell by data row, date, file line and column, and writes both ends of a minute date column with the time', async () => {
    const out = await cli(['inspect', '--data', csv]);
    expect(out.code, out.stderr).toBe(0);
    // The 124th data row is file line 125 (the header is line 1).
    expect(out.stdout).toMatch(/warning at row 124 \(2020-01-01T02:03:00Z, file line 125\), column 'load': column 'load': 1 cell is not a number \(row 124 \(2020-01-01T02:03:00Z, file line 125\) 'n\/a\?'\)/);
    expect(out.stdout).toMatch(/^ {2}time +date +400 +0 +400 +2020-01-01T00:00:00Z +2020-01-01T06:39:00Z/m);
    expect(out.stdout).toMatch(/^suggested configuration:\n {2}targets load, by 'time'/m);
  });

  it('opens a Parquet file like the same table as CSV', async () => {
    const fromCsv = await cli(['inspect', '--data', csv, '--json']);
    const fromParquet = await cli(['inspect', '--data', parquet, '--json']);
    expect(fromParquet.code, fromParquet.stderr).toBe(0);
    const a = JSON.parse(fromCsv.stdout) as InspectJson;
    const b = JSON.parse(fromParquet.stdout) as InspectJson;
    expect(b.summary.format).toBe('parquet');
    expect(b.summary.rows).toBe(ROWS);
    expect(b.summary.dateColumn).toBe('time');
    expect(b.summary.columns.map((c) => [c.name, c.kind])).toEqual(a.summary.columns.map((c) => [c.name, c.kind]));
    for (const [i, column] of b.summary.columns.entries()) {
      const other = a.summary.columns[i].stats;
      // The CSV's unreadable cell and the Parquet null are both one missing value.
      expect(column.stats.count).toBe(other.count);
      expect(column.stats.min).toBeCloseTo(other.min as number, 6);
      expect(column.stats.max).toBeCloseTo(other.max as number, 6);
      expect(column.stats.mean).toBeCloseTo(other.mean as number, 6);
    }
    expect(b.suggestedConfig).toEqual(a.suggestedConfig);
  });

  it('says when the suggested model is a seed ensemble with the linear shortcut', async () => {
    const out = await cli(['inspect', '--data', SAMPLE_CSV]);
    expect(out.code, out.stderr).toBe(0);
    const json = JSON.parse((await cli(['inspect', '--data', SAMPLE_CSV, '--json'])).stdout) as InspectJson;
    expect(json.suggestedConfig?.model.ensemble).toBeGreaterThan(1);
    expect(json.suggestedConfig?.model.linearShortcut).toBe(true);
    expect(out.stdout).toContain(`model: lstm 16, many-to-one, ensemble of ${json.suggestedConfig?.model.ensemble} members + linear shortcut`);
    // Monthly dates stay dates without a time of day.
    expect(out.stdout).toMatch(/^ {2}Month +date +144 +0 +144 +1949-01-01 +1960-12-01/m);
  });
});
