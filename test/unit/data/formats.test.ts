import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTableFile, parseTable } from '../../../src-main/engine/data';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { xlsxBytes, zipBombXlsx } from '../../support/xlsx-writer';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-data-formats-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('XLSX', () => {
  it('reads the first sheet with dates, numbers and spreadsheet row numbers', async () => {
    const bytes = xlsxBytes(
      [
        ['Date', 'Sales', 'Region'],
        [{ date: Date.UTC(2024, 0, 3) }, 7.5, 'north'],
        [{ date: Date.UTC(2024, 0, 1) }, 5, 'south'],
        [{ date: Date.UTC(2024, 0, 2) }, 'oops', 'north'],
      ],
      { moreSheets: [[['ignored'], [1]]] },
    );
    const file = path.join(dir, 'sales.xlsx');
    fs.writeFileSync(file, bytes);

    const table = await loadTableFile(file);
    expect(table.format).toBe('xlsx');
    expect(table.header).toEqual(['Date', 'Sales', 'Region']);
    expect(table.summary.columns.map((c) => c.kind)).toEqual(['date', 'numeric', 'categorical']);
    expect(table.rows.map((r) => r[0])).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect(Array.from(table.dates ?? [])).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)]);
    expect(Array.from(table.lines)).toEqual([3, 4, 2]);
    // Rows are numbered as sorted (the Rows preview's numbers); the sheet's own row number goes beside it.
    expect(table.summary.issues.find((i) => i.code === 'non-numeric-cells')).toMatchObject({ row: 2, date: '2024-01-02', line: 4, sourceWord: 'sheet row', column: 'Sales' });
    expect(table.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads inline strings, rich text, entities, booleans, gaps between cells and times of day', async () => {
    const sheetXml =
      '<worksheet><sheetData>' +
      '<row r="1"><c r="A1" t="inlineStr"><is><t>when</t></is></c><c r="C1" t="inlineStr"><is><r><t>val</t></r><r><t>ue &amp; co</t></r></is></c></row>' +
      '<row r="2"><c r="A2" s="1"><v>45292.25</v></c><c r="C2"><v>1.5</v></c></row>' +
      '<row r="3"><c r="A3" s="1"><v>45293.25</v></c><c r="B3" t="b"><v>1</v></c><c r="C3"><v>2.5</v></c></row>' +
      '</sheetData></worksheet>';
    const table = await parseTable('inline.xlsx', xlsxBytes([], { sheetXml }));
    expect(table.header).toEqual(['when', 'column_2', 'value & co']);
    expect(table.rows).toEqual([
      ['2024-01-01 06:00:00', '', '1.5'],
      ['2024-01-02 06:00:00', 'TRUE', '2.5'],
    ]);
  });

  it('opens a workbook with comments without reading them', async () => {
    const comments = '<comments><authors><author>__proto__</author></authors><commentList><comment ref="B2" authorId="0"><text><r><t>checked</t></r></text></comment></commentList></comments>';
    const table = await parseTable('commented.xlsx', xlsxBytes([['t', 'y'], [1, 2], [2, 3]], { extraParts: { 'xl/comments1.xml': comments } }));
    expect(table.header).toEqual(['t', 'y']);
    expect(Array.from(table.column('y'))).toEqual([2, 3]);
  });

  it('keeps hostile names as plain column names and never touches Object.prototype (CVE-2023-30533)', async () => {
    const hostile = xlsxBytes([
      ['__proto__', 'constructor', 'prototype', 'polluted'],
      [1, 2, 3, 4],
      [2, 3, 4, 5],
    ], { extraParts: { 'xl/comments1.xml': '<comments><authors><author>__proto__</author><author>polluted</author></authors></comments>', '__proto__/polluted.xml': '<x/>' } });
    const table = await parseTable('hostile.xlsx', hostile);
    expect(table.header).toEqual(['__proto__', 'constructor', 'prototype', 'polluted']);
    expect(Array.from(table.column('__proto__'))).toEqual([1, 2]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('0');
  });

  it('refuses a zip bomb at the ratio limit without inflating it', async () => {
    const bomb = zipBombXlsx(40);
    expect(bomb.length).toBeLessThan(200_000);
    await expect(parseTable('bomb.xlsx', bomb)).rejects.toMatchObject({ code: 'too-large', message: expect.stringMatching(/more than 200 times its compressed size/) });
  });

  it('refuses row numbers past the sheet limit, naming the limit', async () => {
    const sheetXml = '<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>a</t></is></c></row><row r="2000000"><c><v>1</v></c></row></sheetData></worksheet>';
    await expect(parseTable('tall.xlsx', xlsxBytes([], { sheetXml }))).rejects.toThrow(/row number 2000000 is outside a sheet's 1,048,576-row limit/);
  });

  it('rejects a broken workbook with a DataError', async () => {
    const file = path.join(dir, 'broken.xlsx');
    fs.writeFileSync(file, Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 1, 2, 3]));
    await expect(loadTableFile(file)).rejects.toMatchObject({ name: 'DataError', code: 'unreadable-file' });
  });
});

describe('JSON', () => {
  it('reads an array of records, taking columns in order of first appearance', async () => {
    const file = path.join(dir, 'records.json');
    fs.writeFileSync(file, JSON.stringify([
      { month: '2020-02', value: 2 },
      { month: '2020-01', value: 1, note: 'first' },
      { month: '2020-03', value: null },
    ]));
    const table = await loadTableFile(file);
    expect(table.format).toBe('json');
    expect(table.header).toEqual(['month', 'value', 'note']);
    expect(table.rows).toEqual([['2020-01', '1', 'first'], ['2020-02', '2', ''], ['2020-03', '', '']]);
    expect(Array.from(table.lines)).toEqual([2, 1, 3]);
    expect(table.summary.issues.find((i) => i.code === 'missing-values' && i.column === 'value')?.message).toContain('(row 3 (2020-03))');
  });

  it('reads {columns, rows}', async () => {
    const table = await parseTable('cols.json', JSON.stringify({ columns: ['t', 'y'], rows: [[0, 1.5], [1, 2.5]] }));
    expect(table.header).toEqual(['t', 'y']);
    expect(Array.from(table.column('y'))).toEqual([1.5, 2.5]);
  });

  it('finds JSON by its content when the name has no known extension', async () => {
    const table = await parseTable('upload', '[{"a": 1}, {"a": 2}]');
    expect(table.format).toBe('json');
  });

  it('explains JSON that is not a table', async () => {
    await expect(parseTable('x.json', '{"hello": 1}')).rejects.toThrow(/the JSON is not a table\. Expected an array of records/);
    await expect(parseTable('x.json', '[1, 2')).rejects.toMatchObject({ code: 'unreadable-file' });
  });
});

describe('Parquet', () => {
  it('opens like a CSV: timestamps as dates, numbers, text, nulls as missing, sorted by date', async () => {
    const days = [3, 1, 2, 4, 5].map((d) => new Date(Date.UTC(2024, 0, d)));
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'day', data: days, type: 'TIMESTAMP' },
        { name: 'sales', data: [7.5, 5, null, 8, 9], type: 'DOUBLE' },
        { name: 'units', data: [3n, 1n, 2n, 4n, 5n], type: 'INT64' },
        { name: 'store', data: ['north', 'south', 'north', 'east', 'west'], type: 'STRING' },
      ],
    });
    const file = path.join(dir, 'sales.parquet');
    fs.writeFileSync(file, Buffer.from(buffer));
    const table = await loadTableFile(file);
    expect(table.format).toBe('parquet');
    expect(table.header).toEqual(['day', 'sales', 'units', 'store']);
    expect(table.summary.columns.map((c) => c.kind)).toEqual(['date', 'numeric', 'numeric', 'categorical']);
    expect(Array.from(table.dates ?? [])).toEqual([1, 2, 3, 4, 5].map((d) => Date.UTC(2024, 0, d)));
    expect(Array.from(table.column('units'))).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(table.lines)).toEqual([2, 3, 1, 4, 5]);
    expect(table.summary.issues.find((i) => i.code === 'missing-values')).toMatchObject({ row: 2, date: '2024-01-02', line: 3, sourceWord: 'record', column: 'sales' });
    // Found by its magic bytes when the name says nothing.
    expect((await parseTable('upload', Buffer.from(buffer))).format).toBe('parquet');
  });

  it('refuses a damaged Parquet file with a DataError', async () => {
    await expect(parseTable('cut.parquet', Buffer.from('PAR1 not really parquet PAR1'))).rejects.toMatchObject({ code: 'unreadable-file', message: expect.stringContaining('not a readable Parquet file') });
  });
});
