import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTableFile, parseTable } from '../../../src-main/engine/data';
import { fastIsoDate, fastNumber } from '../../../src-main/engine/data/csv-tokenizer';
import { parseDate } from '../../../src-main/engine/data/dates';
import { parseNumber } from '../../../src-main/engine/data/numbers';
import { distinctValues } from '../../../src-main/engine/data/stats';
import { createRng } from '../../../src-main/engine/model/random';

const seededRandom = (seed: number): (() => number) => createRng(seed).next;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-data-columns-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const bytes = (text: string): [Buffer, number, number] => {
  const b = Buffer.from(text);
  return [b, 0, b.length];
};

describe('reading numbers and dates straight from bytes', () => {
  it('gives exactly the double Number(text) gives, or NaN to fall back', () => {
    const random = seededRandom(11);
    const texts = ['0', '-0', '1', '+7', '-12.5', '.5', '5.', '3e4', '1E-7', '123456789012345', '0.000123', '-99.9999', '1.7976931348623157e308', '1234567890123456789', '4.35', '0.1', '2.675'];
    for (let i = 0; i < 2000; i++) texts.push(((random() - 0.5) * 10 ** Math.floor(random() * 12)).toFixed(Math.floor(random() * 8)));
    for (const text of texts) {
      const fast = fastNumber(...bytes(text));
      if (Number.isNaN(fast)) expect(parseNumber(text), text).toBe(Number(text));
      else expect(fast, text).toBe(Number(text));
    }
    for (const text of ['', '-', '1,5', 'abc', '1e', '1.2.3', ' 1', 'inf']) expect(fastNumber(...bytes(text)), text).toBeNaN();
  });

  it('reads ISO dates as parseDate does, and refuses impossible ones', () => {
    const random = seededRandom(5);
    for (let i = 0; i < 500; i++) {
      const t = Date.UTC(1900, 0, 1) + Math.floor(random() * 200 * 365) * 86_400_000 + Math.floor(random() * 86_400) * 1000;
      const iso = new Date(t).toISOString();
      for (const text of [iso.slice(0, 10), `${iso.slice(0, 10)} ${iso.slice(11, 16)}`, `${iso.slice(0, 10)}T${iso.slice(11, 19)}`]) {
        expect(fastIsoDate(...bytes(text)), text).toBe(parseDate(text, 'ymd'));
      }
    }
    for (const text of ['2023-02-29', '2024-13-01', '2024-01-01 24:00', '2024/01/01', '2024-1-1']) expect(fastIsoDate(...bytes(text)), text).toBeNaN();
    expect(fastIsoDate(...bytes('2024-02-29'))).toBe(Date.UTC(2024, 1, 29));
  });

  it('counts distinct values like a Set of the finite values (with -0 as 0)', () => {
    const random = seededRandom(3);
    const values = Float64Array.from({ length: 50_000 }, () => Math.round(random() * 3000) / 10);
    values[7] = Number.NaN;
    values[8] = Infinity;
    values[9] = -0;
    values[10] = 0;
    const expected = new Set(Array.from(values).filter(Number.isFinite).map((v) => (v === 0 ? 0 : v))).size;
    expect(distinctValues(values)).toBe(expected);
  });
});

describe('the columnar CSV reader', () => {
  it('keeps quoted cells with delimiters, doubled quotes and newlines, and counts file lines across them', async () => {
    const table = await parseTable('q.csv', 'id,note,y\r\n1,"a, b",10\r\n2,"say ""hi""\r\nthen go",20\r\n3,plain,30\r\n');
    expect(table.header).toEqual(['id', 'note', 'y']);
    expect(table.rows.map((r) => r[1])).toEqual(['a, b', 'say "hi"\r\nthen go', 'plain']);
    expect(Array.from(table.column('y'))).toEqual([10, 20, 30]);
    expect(Array.from(table.lines)).toEqual([2, 3, 5]);
  });

  it('reads a file larger than one read chunk the same as the same text in memory', async () => {
    const lines = ['time,y,label'];
    for (let i = 0; i < 30_000; i++) lines.push(`${new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString().slice(0, 16).replace('T', ' ')},${(i * 0.37).toFixed(2)},"row ${i}${i % 1000 === 0 ? '\nsecond line' : ''}"`);
    const text = lines.join('\n') + '\n';
    const file = path.join(dir, 'big.csv');
    fs.writeFileSync(file, text);
    const fromFile = await loadTableFile(file);
    const fromMemory = await parseTable('big.csv', text);
    expect(fromFile.rowCount).toBe(30_000);
    expect(fromFile.sha256).toBe(fromMemory.sha256);
    expect(Array.from(fromFile.column('y'))).toEqual(Array.from(fromMemory.column('y')));
    expect(Array.from(fromFile.lines)).toEqual(Array.from(fromMemory.lines));
    expect(fromFile.rowCells(1000)).toEqual(['2020-01-01 16:40', '370', 'row 1000\nsecond line']);
    // Header on line 1, and rows 0 and 1000 each span two lines.
    expect(fromFile.lines[1001]).toBe(1005);
    expect(fromFile.summary.columns.map((c) => c.kind)).toEqual(['date', 'numeric', 'categorical']);
  });

  it('re-types a column that turns to text after the rows that typed it', async () => {
    const rows = Array.from({ length: 9000 }, (_, i) => `${i},${i < 4500 ? i : `code-${i}`}`);
    const table = await parseTable('late.csv', ['a,b', ...rows].join('\n'));
    expect(table.summary.columns.map((c) => c.kind)).toEqual(['numeric', 'categorical']);
    expect(table.rowCells(8999)).toEqual(['8999', 'code-8999']);
  });
});
