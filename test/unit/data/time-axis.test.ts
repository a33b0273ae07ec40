import { describe, expect, it } from 'vitest';
import { parseTable } from '../../../src-main/engine/data';
import { suggestConfig } from '../../../src-main/engine/defaults';

/** Yearly sunspot-like numbers: an 11-year cycle. */
function yearly(name: string, from: number, count: number): string {
  const lines = [`${name},SUNACTIVITY`];
  for (let i = 0; i < count; i++) lines.push(`${from + i},${(80 + 70 * Math.sin((2 * Math.PI * i) / 11)).toFixed(1)}`);
  return lines.join('\n') + '\n';
}

describe('integer year and index columns are time', () => {
  it('reads a YEAR column of increasing integers as the date column, labelled by year', async () => {
    const table = await parseTable('sunspots.csv', yearly('YEAR', 1700, 309));
    expect(table.summary.dateColumn).toBe('YEAR');
    expect(table.summary.columns.find((c) => c.name === 'YEAR')?.kind).toBe('date');
    expect(table.summary.suggestedTarget).toBe('SUNACTIVITY');
    const config = suggestConfig(table, ['SUNACTIVITY']);
    expect(config.series.date).toBe('YEAR');
    expect(table.summary.issues.some((i) => i.code === 'constant-column')).toBe(false);
  });

  it('keeps a year-named column whose values repeat (panel data) as a number', async () => {
    const table = await parseTable('panel.csv', 'year,v\n2000,1\n2000,2\n2001,3\n2001,4\n');
    expect(table.summary.dateColumn).toBeUndefined();
  });

  it('never suggests a monotone integer index column as the target', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i + 1},${(Math.sin(i) * 10 + 50).toFixed(2)}`);
    const table = await parseTable('indexed.csv', `index,load\n${rows.join('\n')}\n`);
    expect(table.summary.columns[0].kind).toBe('numeric');
    expect(table.summary.suggestedTarget).toBe('load');
    expect(table.summary.issues.find((i) => i.code === 'index-column')).toMatchObject({ column: 'index' });
  });

  it("reads an R export (rownames, time, value) as rows counted, a yearly time axis and the target", async () => {
    const lines = ['rownames,time,value'];
    for (let i = 0; i < 100; i++) lines.push(`${i + 1},${1871 + i},${(900 + 150 * Math.sin(i / 3)).toFixed(0)}`);
    const table = await parseTable('nile.csv', lines.join('\n') + '\n');
    expect(table.summary.dateColumn).toBe('time');
    expect(table.summary.columns.find((c) => c.name === 'time')?.kind).toBe('date');
    expect(table.summary.suggestedTarget).toBe('value');
    expect(table.summary.issues.find((i) => i.code === 'index-column')).toMatchObject({ column: 'rownames' });
    expect(suggestConfig(table, ['value']).series.date).toBe('time');
  });

  it('keeps a time counter (1, 2, 3…) and a pandas index column out of the suggested target', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${i + 1},${(Math.cos(i) * 4 + 20).toFixed(2)}`);
    const table = await parseTable('counted.csv', `Unnamed: 0,time,load\n${rows.join('\n')}\n`);
    expect(table.summary.dateColumn).toBeUndefined();
    expect(table.summary.suggestedTarget).toBe('load');
  });

  it('suggests the first varying numeric column when nothing counts time', async () => {
    const table = await parseTable('plain.csv', 'a,b\n1,5\n1,7\n1,6\n1,9\n');
    expect(table.summary.suggestedTarget).toBe('b');
  });
});
