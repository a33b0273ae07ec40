import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTableFile, parseTable } from '../../../src-main/engine/data';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-data-formats-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('XLSX', () => {
  it('reads the first sheet with dates, numbers and spreadsheet row numbers', async () => {
    const workbook = XLSX.utils.book_new();
    const sheet = XLSX.utils.aoa_to_sheet(
      [
        ['Date', 'Sales', 'Region'],
        [new Date(2024, 0, 3), 7.5, 'north'],
        [new Date(2024, 0, 1), 5, 'south'],
        [new Date(2024, 0, 2), 'oops', 'north'],
      ],
      { cellDates: true },
    );
    XLSX.utils.book_append_sheet(workbook, sheet, 'Data');
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([['ignored'], [1]]), 'Other');
    const file = path.join(dir, 'sales.xlsx');
    XLSX.writeFile(workbook, file);

    const table = await loadTableFile(file);
    expect(table.format).toBe('xlsx');
    expect(table.header).toEqual(['Date', 'Sales', 'Region']);
    expect(table.summary.columns.map((c) => c.kind)).toEqual(['date', 'numeric', 'categorical']);
    expect(table.rows.map((r) => r[0])).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect(table.dates).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)]);
    expect(table.lines).toEqual([3, 4, 2]);
    expect(table.summary.issues.find((i) => i.code === 'non-numeric-cells')).toMatchObject({ row: 4, column: 'Sales' });
    expect(table.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects a broken workbook with a DataError', async () => {
    const file = path.join(dir, 'broken.xlsx');
    fs.writeFileSync(file, Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 1, 2, 3]));
    await expect(loadTableFile(file)).rejects.toMatchObject({ name: 'DataError' });
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
    expect(table.lines).toEqual([2, 1, 3]);
    expect(table.summary.issues.find((i) => i.code === 'missing-values' && i.column === 'value')?.message).toContain('record 3');
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
