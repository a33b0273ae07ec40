import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { DateColumn, NumericColumn, TextColumn } from '../../../src-main/engine/data/columnar';
import { memoryParquet, openParquetFile, parseParquet } from '../../../src-main/engine/data/parse-parquet';
import { loadTableFile } from '../../../src-main/engine/data';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-parse-parquet-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HOUR = 3_600_000;
const START = Date.UTC(2024, 2, 1, 6, 30);

/** Seven rows written as three row groups (3 + 3 + 1) so every column spans row groups. */
function sampleBuffer(): Buffer {
  const bytes = parquetWriteBuffer({
    columnData: [
      { name: 'time', data: Array.from({ length: 7 }, (_, i) => new Date(START + i * HOUR)), type: 'TIMESTAMP' },
      { name: 'load', data: [1.5, null, 3.25, 4, null, 6, 7.5], type: 'DOUBLE' },
      { name: 'count', data: [1n, 2n, 3n, 2n ** 40n, 5n, null, 7n], type: 'INT64' },
      { name: 'small', data: [10, 20, null, 40, 50, 60, 70], type: 'INT32' },
      { name: 'site', data: ['north', 'south', null, 'east', 'west', 'north', 'south'], type: 'STRING' },
      { name: 'as_text', data: ['1.5', '2', '', '4', 'n/a', '6', '7'], type: 'STRING' },
      { name: 'open', data: [true, false, true, true, false, null, true], type: 'BOOLEAN' },
    ],
    rowGroupSize: 3,
  });
  return Buffer.from(bytes);
}

describe('parseParquet', () => {
  it('reads each column straight into typed columns across row groups', async () => {
    const table = await parseParquet(memoryParquet(sampleBuffer()), 'sample.parquet');
    expect(table.names).toEqual(['time', 'load', 'count', 'small', 'site', 'as_text', 'open']);
    expect(table.rowCount).toBe(7);
    expect(Array.from(table.lines)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(table.sourceWord).toBe('record');
    expect(table.columns.map((c) => c.kind)).toEqual(['date', 'numeric', 'numeric', 'numeric', 'categorical', 'numeric', 'categorical']);

    const time = table.columns[0] as DateColumn;
    expect(Array.from(time.values)).toEqual(Array.from({ length: 7 }, (_, i) => START + i * HOUR));
    expect(time.example).toBe('2024-03-01 06:30:00');
    expect(time.date.format).toBe('ymd');

    // A null is a missing value at its row, not an unreadable cell.
    const load = table.columns[1] as NumericColumn;
    expect(Array.from(load.values)).toEqual([1.5, Number.NaN, 3.25, 4, Number.NaN, 6, 7.5]);
    expect(load.unreadable.size).toBe(0);

    const count = table.columns[2] as NumericColumn;
    expect(Array.from(count.values)).toEqual([1, 2, 3, 2 ** 40, 5, Number.NaN, 7]);
    expect(Array.from((table.columns[3] as NumericColumn).values)).toEqual([10, 20, Number.NaN, 40, 50, 60, 70]);

    expect((table.columns[4] as TextColumn).texts).toEqual(['north', 'south', '', 'east', 'west', 'north', 'south']);

    // Numbers stored as text are typed like a CSV column: 'n/a' is missing, as in a CSV.
    const asText = table.columns[5] as NumericColumn;
    expect(Array.from(asText.values)).toEqual([1.5, 2, Number.NaN, 4, Number.NaN, 6, 7]);
    expect((table.columns[6] as TextColumn).texts).toEqual(['true', 'false', 'true', 'true', 'false', '', 'true']);
  });

  it('reads a file by byte ranges the same as from memory', async () => {
    const bytes = sampleBuffer();
    const file = path.join(dir, 'ranges.parquet');
    fs.writeFileSync(file, bytes);
    const opened = await openParquetFile(file, bytes.length);
    try {
      const fromFile = await parseParquet(opened.source, file);
      const fromMemory = await parseParquet(memoryParquet(bytes), file);
      expect(fromFile).toEqual(fromMemory);
    } finally {
      await opened.close();
    }
  });

  it('locates a null by row and column in the loaded table', async () => {
    const file = path.join(dir, 'located.parquet');
    fs.writeFileSync(file, sampleBuffer());
    const table = await loadTableFile(file);
    expect(table.format).toBe('parquet');
    expect(table.summary.dateColumn).toBe('time');
    const missing = table.summary.issues.filter((i) => i.code === 'missing-values' && i.column === 'load');
    expect(missing[0]).toMatchObject({ row: 2, line: 2, sourceWord: 'record', date: '2024-03-01T07:30:00Z' });
  });

  it('refuses a file cut short with a DataError naming the file', async () => {
    const bytes = sampleBuffer();
    await expect(parseParquet(memoryParquet(bytes.subarray(0, bytes.length - 20)), 'cut.parquet')).rejects.toMatchObject({ code: 'unreadable-file', message: expect.stringContaining('not a readable Parquet file') });
  });
});
