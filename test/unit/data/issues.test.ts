import { describe, expect, it } from 'vitest';
import type { DatasetIssue } from '../../../src-main/engine/spec';
import { parseTable } from '../../../src-main/engine/data';

const FILE = [
  'date,units,flat', //                 line 1: header
  '2024-01-01,10,5', //                 line 2, row 1
  '2024-01-02,11,5', //                 line 3, row 2
  '2024-01-03,12', //                   line 4, row 3: ragged
  '2024-01-04,abc,5', //                line 5, row 4: not a number
  '2024-01-05,14,5', //                 line 6, row 5
  '2024-01-05,15,5', //                 line 7, row 6: repeats row 5's date
  '2024-01-06,16,5', //                 line 8, row 7
  '2024-01-09,17,5', //                 line 9, row 8: two days missing
  '2024-01-10 12:00,18,5', //           line 10, row 9: a day and a half later
  '2024-01-11 12:00,,5', //             line 11, row 10: empty cell
].join('\n');

function only(issues: DatasetIssue[], code: string): DatasetIssue {
  const found = issues.filter((i) => i.code === code);
  expect(found, `issues with code ${code}`).toHaveLength(1);
  return found[0];
}

describe('dataset issues', async () => {
  const table = await parseTable('sales.csv', FILE);
  const issues = table.summary.issues;

  it('loads despite every problem', () => {
    expect(table.rows).toHaveLength(10);
    expect(table.summary.columns.map((c) => c.kind)).toEqual(['date', 'numeric', 'numeric']);
  });

  it('locates a ragged row (an error once more than 5% of rows are ragged: here 1 of 10)', () => {
    expect(only(issues, 'ragged-row')).toMatchObject({ severity: 'error', row: 3, line: 4, sourceWord: 'file line' });
    expect(only(issues, 'ragged-row').message).toContain('row 3 (2024-01-03, file line 4) has 2 cells, the header has 3; 10% of rows do not match');
    expect(table.rows[2]).toEqual(['2024-01-03', '12', '']);
  });

  it('locates non-numeric cells in a numeric column and counts them', () => {
    const issue = only(issues, 'non-numeric-cells');
    expect(issue).toMatchObject({ severity: 'warning', row: 4, date: '2024-01-04', line: 5, column: 'units' });
    expect(issue.message).toContain("1 cell is not a number (row 4 (2024-01-04, file line 5) 'abc')");
    expect(Number.isNaN(table.column('units')[3])).toBe(true);
  });

  it('locates a duplicate timestamp (an error: one time step cannot hold two values)', () => {
    const issue = only(issues, 'duplicate-timestamp');
    expect(issue).toMatchObject({ severity: 'error', row: 6, line: 7, column: 'date' });
    expect(issue.message).toContain('row 6 (2024-01-05, file line 7) repeats the date of row 5 (2024-01-05, file line 6)');
  });

  it('locates a gap against the dominant step', () => {
    const issue = only(issues, 'gap');
    expect(issue).toMatchObject({ severity: 'warning', row: 8, column: 'date' });
    expect(issue.message).toContain('2 missing steps of 1 day between row 7 (2024-01-06, file line 8) and row 8 (2024-01-09, file line 9)');
  });

  it('locates irregular spacing', () => {
    const issue = only(issues, 'irregular-spacing');
    expect(issue).toMatchObject({ row: 9, column: 'date' });
    expect(issue.message).toContain('36 hours after the previous row, but the usual step is 1 day');
  });

  it('flags a constant column', () => {
    expect(only(issues, 'constant-column')).toMatchObject({ severity: 'warning', column: 'flat' });
  });

  it('reports missing cells as information', () => {
    const units = issues.filter((i) => i.code === 'missing-values' && i.column === 'units');
    expect(units).toHaveLength(1);
    expect(units[0]).toMatchObject({ severity: 'info', row: 10 });
    expect(issues.find((i) => i.code === 'missing-values' && i.column === 'flat')).toMatchObject({ row: 3 });
  });

  it('has no unsorted-dates note for sorted data', () => {
    expect(issues.some((i) => i.code === 'unsorted-dates')).toBe(false);
  });
});

describe('more issues', () => {
  it('sorts unsorted dates, says so, and keeps file lines with their rows (rows are numbered after sorting)', async () => {
    const table = await parseTable('u.csv', 'day,v\n2024-01-03,3\n2024-01-01,x\n2024-01-02,2\n');
    expect(only(table.summary.issues, 'unsorted-dates')).toMatchObject({ severity: 'info', column: 'day' });
    expect(table.rows.map((r) => r[0])).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect(Array.from(table.lines)).toEqual([3, 4, 2]);
    expect(only(table.summary.issues, 'non-numeric-cells')).toMatchObject({ row: 1, date: '2024-01-01', line: 3, column: 'v' });
    expect(only(table.summary.issues, 'non-numeric-cells').message).toContain("(row 1 (2024-01-01, file line 3) 'x')");
  });

  it('reports unreadable dates and puts those rows last', async () => {
    const table = await parseTable('b.csv', 'day,v\n2024-01-01,1\nsoon,2\n2024-01-02,3\n2024-01-03,4\n2024-01-04,5\n2024-01-05,6\n2024-01-06,7\n2024-01-07,8\n2024-01-08,9\n2024-01-09,10\n2024-01-10,11\n');
    expect(only(table.summary.issues, 'bad-dates')).toMatchObject({ row: 11, line: 3, column: 'day' });
    expect(only(table.summary.issues, 'bad-dates').message).toContain("(row 11 (file line 3) 'soon')");
    expect(table.rows[table.rows.length - 1]).toEqual(['soon', '2']);
  });

  it('flags infinite values and counts several bad cells with their locations', async () => {
    const table = await parseTable('i.csv', 'v\n1\ninf\n2\nx\n3\ny\n4\n5\n');
    expect(only(table.summary.issues, 'infinite-cells')).toMatchObject({ row: 2, line: 3, column: 'v' });
    expect(only(table.summary.issues, 'non-numeric-cells').message).toContain("2 cells are not a number (row 4 (file line 5) 'x', row 6 (file line 7) 'y')");
  });

  it('counts gaps in monthly data by calendar months', async () => {
    const table = await parseTable('m.csv', 'month,v\n2023-01,1\n2023-02,2\n2023-03,3\n2023-06,4\n2023-07,5\n');
    expect(only(table.summary.issues, 'gap').message).toContain('2 missing steps of 1 month between row 3 (2023-03, file line 4) and row 4 (2023-06, file line 5)');
    expect(table.summary.issues.some((i) => i.code === 'irregular-spacing')).toBe(false);
  });

  it('refuses an unclosed quote, locating the file line where it opens', async () => {
    await expect(parseTable('q.csv', 'a,b\n1,2\n3,"4\n5,6\n')).rejects.toMatchObject({ code: 'unterminated-quote', line: 3, message: expect.stringMatching(/q\.csv, file line 3: .*never closed/) });
  });

  it('keeps a few ragged rows as a warning', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${i * 2}`);
    rows[10] = '10';
    const table = await parseTable('few.csv', ['a,b', ...rows].join('\n'));
    expect(only(table.summary.issues, 'ragged-row')).toMatchObject({ severity: 'warning', row: 11, line: 12 });
  });

  it('reports a date column written in two formats instead of demoting it to text silently', async () => {
    const dates = ['2024-01-01', '2024-01-02', '03/01/2024', '2024-01-04', '05/01/2024'];
    const table = await parseTable('mixed.csv', ['date,y', ...dates.map((d, i) => `${d},${i}`)].join('\n'));
    const issue = only(table.summary.issues, 'mixed-date-formats');
    expect(issue).toMatchObject({ severity: 'error', row: 3, line: 4, column: 'date' });
    expect(issue.message).toContain("3 cells are written as year-month-day (like '2024-01-01'), 2 as day/month/year or month/day/year (row 3 (file line 4) '03/01/2024', row 5 (file line 6) '05/01/2024')");
  });
});
