import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, loadTableFile, parseTable } from '../../../src-main/engine/data';
import { detectDelimiter } from '../../../src-main/engine/data/parse-csv';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-data-csv-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeFile(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('delimiter detection', () => {
  it.each([
    [',', 'a,b,c\n1,2,3\n4,5,6\n'],
    ['\t', 'a\tb\tc\n1\t2\t3\n4\t5\t6\n'],
    [';', 'a;b;c\n1,5;2;3\n4;5;6\n'],
    ['|', 'a|b\n1|2\n3|4\n'],
  ])('finds %j', (delimiter, text) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });

  it('ignores commas inside quoted cells', () => {
    expect(detectDelimiter('name;note\n"Smith, J";"a, b, c"\n"Doe, A";"x, y"\n')).toBe(';');
  });
});

describe('header and column types', () => {
  it('reads a header row and types numeric, date, categorical and empty columns', async () => {
    const table = await parseTable('shop.csv', 'date,units,store,comment\n2024-01-01,3,north,\n2024-01-02,5,south,\n2024-01-03,4.5,north,\n');
    expect(table.header).toEqual(['date', 'units', 'store', 'comment']);
    expect(table.summary.columns.map((c) => c.kind)).toEqual(['date', 'numeric', 'categorical', 'empty']);
    expect(table.summary.dateColumn).toBe('date');
    expect(Array.from(table.column('units'))).toEqual([3, 5, 4.5]);
    expect(table.rows[0]).toEqual(['2024-01-01', '3', 'north', '']);
    expect(Array.from(table.lines)).toEqual([2, 3, 4]);
  });

  it('treats a first row of numbers as data and names the columns', async () => {
    const table = await parseTable('raw.csv', '1,2\n3,4\n5,6\n');
    expect(table.header).toEqual(['column_1', 'column_2']);
    expect(table.rows).toHaveLength(3);
    expect(Array.from(table.lines)).toEqual([1, 2, 3]);
    expect(table.summary.issues.map((i) => i.code)).toContain('no-header');
  });

  it('reads a TSV by its extension and a semicolon file with decimal commas', async () => {
    const tsv = await parseTable('x.tsv', 'a\tb\n1\t2\n3\t4\n');
    expect(tsv.format).toBe('tsv');
    expect(Array.from(tsv.column('b'))).toEqual([2, 4]);
    const european = await parseTable('eu.csv', 'tag;price\na;1,5\nb;1.234,25\nc;2\n');
    expect(Array.from(european.column('price'))).toEqual([1.5, 1234.25, 2]);
  });

  it('computes column stats (sample std, missing, distinct)', async () => {
    const table = await parseTable('s.csv', 'v,w\n1,x\n2,y\n\n,x\n4,\n');
    const v = table.summary.columns[0].stats;
    expect(v).toMatchObject({ count: 3, missing: 1, min: 1, max: 4, distinct: 3 });
    expect(v.mean).toBeCloseTo(7 / 3, 12);
    const mean = 7 / 3;
    expect(v.std).toBeCloseTo(Math.sqrt(((1 - mean) ** 2 + (2 - mean) ** 2 + (4 - mean) ** 2) / 2), 12);
    expect(table.summary.columns[1].stats).toMatchObject({ count: 3, missing: 1, distinct: 2 });
    // The blank line is skipped but line numbers still point into the file.
    expect(Array.from(table.lines)).toEqual([2, 3, 5, 6]);
  });

  it('deduplicates and fills header names', async () => {
    const table = await parseTable('h.csv', 'a,a,\n1,2,3\n4,5,6\n');
    expect(table.header).toEqual(['a', 'a_2', 'column_3']);
    expect(table.summary.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['duplicate-column-name', 'empty-column-name']));
  });
});

describe('loadTableFile', () => {
  it('streams a CSV file, reports progress up to 1 and hashes the exact bytes', async () => {
    const lines = ['\uFEFFtime,value'];
    for (let i = 0; i < 5000; i++) lines.push(`${new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString()},${Math.sin(i / 10).toFixed(6)}`);
    const content = lines.join('\r\n') + '\r\n';
    const file = writeFile('hourly.csv', content);
    const progress: number[] = [];
    const table = await loadTableFile(file, { onProgress: (f) => progress.push(f) });
    expect(table.rows).toHaveLength(5000);
    expect(table.header).toEqual(['time', 'value']);
    expect(table.summary.dateColumn).toBe('time');
    expect(table.path).toBe(file);
    expect(table.sha256).toBe(createHash('sha256').update(Buffer.from(content, 'utf8')).digest('hex'));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[progress.length - 1]).toBe(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);
    expect(table.summary.issues).toEqual([]);
  });

  it('keeps multi-byte characters intact across stream chunks', async () => {
    const name = 'Zürich – Ω';
    const rows = Array.from({ length: 30000 }, (_, i) => `${name},${i}`);
    const file = writeFile('utf8.csv', `city,n\n${rows.join('\n')}\n`);
    const table = await loadTableFile(file);
    expect(table.rows.every((row) => row[0] === name)).toBe(true);
  });

  it('throws a DataError for a missing file, an empty file and a header without rows', async () => {
    await expect(loadTableFile(path.join(dir, 'nope.csv'))).rejects.toMatchObject({ code: 'unreadable-file' });
    await expect(loadTableFile(writeFile('empty.csv', ''))).rejects.toMatchObject({ code: 'empty-file' });
    const headerOnly = loadTableFile(writeFile('header.csv', 'a,b\n'));
    await expect(headerOnly).rejects.toBeInstanceOf(DataError);
    await expect(headerOnly).rejects.toThrow(/header but no data rows/);
  });

  it('stops when aborted', async () => {
    const file = writeFile('abort.csv', 'a\n1\n');
    const controller = new AbortController();
    controller.abort();
    await expect(loadTableFile(file, { signal: controller.signal })).rejects.toMatchObject({ code: 'aborted' });
  });

  it('stops mid-file when aborted while streaming', async () => {
    const file = writeFile('long.csv', 'a,b\n' + '1,2\n'.repeat(200_000));
    const controller = new AbortController();
    const progress: number[] = [];
    const loading = loadTableFile(file, {
      signal: controller.signal,
      onProgress: (fraction) => {
        progress.push(fraction);
        controller.abort();
      },
    });
    await expect(loading).rejects.toMatchObject({ code: 'aborted' });
    expect(progress[0]).toBeLessThan(1);
  });
});
