/**
 * One row numbering for every source: a problem in the 5th data row is "row 5", as the Rows preview
 * numbers it, with the row's date, and the file's own number (CSV line, sheet row) where it differs.
 */
import { describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { parseTable } from '../../../src-main/engine/data';
import { describeRow, type DatasetIssue } from '../../../src-main/engine/spec';
import { xlsxBytes } from '../../support/xlsx-writer';

const MONTHS = Array.from({ length: 12 }, (_, i) => `1949-${String(i + 1).padStart(2, '0')}`);
/** Passengers by month, with 'abc' in the 5th data row (1949-05). */
const PASSENGERS = MONTHS.map((_, i) => (i === 4 ? 'abc' : String(112 + i)));

function badCell(issues: DatasetIssue[]): DatasetIssue {
  const found = issues.filter((i) => i.code === 'non-numeric-cells');
  expect(found).toHaveLength(1);
  return found[0];
}

describe('a bad cell in data row 5 is row 5 in every source', () => {
  it('CSV: row 5 (1949-05, file line 6)', async () => {
    const table = await parseTable('air.csv', ['Month,Passengers', ...MONTHS.map((m, i) => `${m},${PASSENGERS[i]}`)].join('\n'));
    const issue = badCell(table.summary.issues);
    expect(issue).toMatchObject({ row: 5, date: '1949-05', line: 6, sourceWord: 'file line', column: 'Passengers' });
    expect(issue.message).toContain("(row 5 (1949-05, file line 6) 'abc')");
    expect(table.rowCells(issue.row! - 1)).toEqual(['1949-05', 'abc']);
  });

  it('TSV: row 5 (1949-05, file line 6)', async () => {
    const table = await parseTable('air.tsv', ['Month\tPassengers', ...MONTHS.map((m, i) => `${m}\t${PASSENGERS[i]}`)].join('\n'));
    expect(badCell(table.summary.issues).message).toContain("(row 5 (1949-05, file line 6) 'abc')");
  });

  it('CSV without a header: the file line is the row, so it is not repeated', async () => {
    const table = await parseTable('bare.csv', MONTHS.map((m, i) => `${m},${PASSENGERS[i]}`).join('\n'));
    const issue = badCell(table.summary.issues);
    expect(issue).toMatchObject({ row: 5, line: 5 });
    expect(issue.message).toContain("(row 5 (1949-05) 'abc')");
  });

  it('JSON records: row 5 (1949-05); the record number equals the row, so it is not repeated', async () => {
    const table = await parseTable('air.json', JSON.stringify(MONTHS.map((m, i) => ({ Month: m, Passengers: i === 4 ? 'abc' : 112 + i }))));
    const issue = badCell(table.summary.issues);
    expect(issue).toMatchObject({ row: 5, date: '1949-05', line: 5, sourceWord: 'record', column: 'Passengers' });
    expect(issue.message).toContain("(row 5 (1949-05) 'abc')");
  });

  it('JSON records out of date order: row 5 after sorting, with the record it came from', async () => {
    const records = MONTHS.map((m, i) => ({ Month: m, Passengers: i === 4 ? 'abc' : 112 + i })).reverse();
    const table = await parseTable('air.json', JSON.stringify(records));
    expect(badCell(table.summary.issues).message).toContain("(row 5 (1949-05, record 8) 'abc')");
  });

  it('XLSX: row 5 (1949-05, sheet row 6)', async () => {
    const rows = [['Month', 'Passengers'], ...MONTHS.map((m, i) => [{ date: Date.parse(`${m}-01T00:00:00Z`) }, i === 4 ? 'abc' : 112 + i])];
    const table = await parseTable('air.xlsx', xlsxBytes(rows));
    const issue = badCell(table.summary.issues);
    expect(issue).toMatchObject({ row: 5, line: 6, sourceWord: 'sheet row', column: 'Passengers' });
    expect(issue.date).toMatch(/^1949-05/);
    expect(describeRow(issue)).toBe(`row 5 (${issue.date}, sheet row 6)`);
  });

  it('Parquet: row 5 (1949-05)', async () => {
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'Month', data: MONTHS.map((m) => new Date(`${m}-01T00:00:00Z`)), type: 'TIMESTAMP' },
        { name: 'Passengers', data: MONTHS.map((_, i) => (i === 4 ? null : 112 + i)), type: 'DOUBLE' },
      ],
    });
    const table = await parseTable('air.parquet', Buffer.from(buffer));
    const issue = table.summary.issues.find((i) => i.code === 'missing-values');
    expect(issue).toMatchObject({ row: 5, line: 5, column: 'Passengers' });
    expect(issue?.date).toMatch(/^1949-05/);
    expect(issue?.message).toMatch(/\(row 5 \(1949-05[^,)]*\)\)/);
  });
});

describe('describeRow', () => {
  it('says the row, its date, and the file line only where it differs', () => {
    expect(describeRow({ row: 5, date: '1949-05', line: 6, sourceWord: 'file line' })).toBe('row 5 (1949-05, file line 6)');
    expect(describeRow({ row: 5, line: 5, sourceWord: 'record' })).toBe('row 5');
    expect(describeRow({ row: 5 })).toBe('row 5');
    expect(describeRow({ line: 3, sourceWord: 'file line' })).toBe('file line 3');
    expect(describeRow({})).toBe('');
  });
});
