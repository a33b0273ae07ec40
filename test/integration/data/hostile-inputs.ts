/**
 * A generated corpus of hostile inputs for the CLI: broken files, bad flags and bad configs. Each
 * case writes what it needs into a scratch folder and says how the CLI must answer: the exit code
 * and words the message must contain. Binary fixtures are generated here, never stored.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { join } from 'node:path';
import { xlsxBytes, zipBombXlsx } from '../../support/xlsx-writer';

export interface HostileCase {
  name: string;
  /** Writes the case's files into `dir` and returns the CLI arguments. */
  setup: (dir: string) => string[];
  code: number;
  /** Each must match stderr (for refusals) or stdout+stderr. */
  says: RegExp[];
  /** Must not appear anywhere in the output (a wrong or misleading message). */
  never?: RegExp[];
}

/** A clean daily series: date,y,x with `n` rows. */
export function dailyCsv(n: number, value: (i: number) => number = (i) => 100 + 10 * Math.sin(i / 3) + i * 0.5): string {
  const rows = ['date,y,x'];
  for (let i = 0; i < n; i++) rows.push(`${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)},${value(i).toFixed(3)},${(i % 7) + 1}`);
  return rows.join('\n') + '\n';
}

function write(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** train with quick settings on a file; the run folder is unique per case. */
function train(dir: string, data: string, ...flags: string[]): string[] {
  return ['train', '--data', data, '--target', 'y', '--epochs', '1', '--layers', '2', ...flags, '--out', join(dir, 'run')];
}

function utf16(text: string, endian: 'le' | 'be'): Buffer {
  const le = Buffer.from('\ufeff' + text, 'utf16le');
  if (endian === 'le') return le;
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1];
    be[i + 1] = le[i];
  }
  return be;
}

function config(dir: string, value: unknown): string {
  return write(dir, 'config.json', JSON.stringify(value));
}

const CLEAN = dailyCsv(120);

export const HOSTILE_CASES: HostileCase[] = [
  // --- files that are not tables, or not readable ---
  { name: 'empty file', setup: (d) => train(d, write(d, 'empty.csv', '')), code: 2, says: [/the file is empty/] },
  { name: 'blank lines only', setup: (d) => train(d, write(d, 'blank.csv', '\n\n  \n\n')), code: 2, says: [/holds no data/] },
  { name: 'header only', setup: (d) => train(d, write(d, 'header.csv', 'date,y\n')), code: 2, says: [/a header but no data rows/] },
  { name: 'PNG image named .csv', setup: (d) => train(d, write(d, 'image.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]))), code: 2, says: [/not a text table: it holds binary data/] },
  { name: 'executable named .csv', setup: (d) => train(d, write(d, 'program.csv', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(200, 0)]))), code: 2, says: [/not a text table/], never: [/column_\d+/] },
  { name: 'binary without an extension', setup: (d) => ['inspect', '--data', write(d, 'blob', Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)))], code: 2, says: [/not a text table/] },
  { name: 'SQLite database named .tsv', setup: (d) => train(d, write(d, 'db.tsv', Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(100, 1)]))), code: 2, says: [/not a text table/] },
  { name: 'missing file', setup: (d) => train(d, join(d, 'nope.csv')), code: 2, says: [/no such file/, /Check the path/] },
  { name: 'a folder', setup: (d) => { mkdirSync(join(d, 'folder.csv')); return train(d, join(d, 'folder.csv')); }, code: 2, says: [/this is a folder, not a file/] },
  { name: 'symbolic link loop', setup: (d) => { symlinkSync(join(d, 'loop-b.csv'), join(d, 'loop-a.csv')); symlinkSync(join(d, 'loop-a.csv'), join(d, 'loop-b.csv')); return train(d, join(d, 'loop-a.csv')); }, code: 2, says: [/loop of symbolic links/], never: [/no such file|does not exist/] },
  { name: 'named pipe as --data (would hang)', setup: (d) => { execFileSync('mkfifo', [join(d, 'pipe.csv')]); return train(d, join(d, 'pipe.csv')); }, code: 2, says: [/named pipe, not a file/] },
  { name: 'device as --data', setup: (d) => train(d, '/dev/zero'), code: 2, says: [/a device, not a file/] },
  { name: '/proc/cpuinfo is not empty', setup: (d) => train(d, '/proc/cpuinfo'), code: 2, says: [/cpuinfo/], never: [/is empty/] },
  { name: 'old .xls workbook', setup: (d) => train(d, write(d, 'old.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(500, 0)]))), code: 2, says: [/old Excel 97–2003 \(\.xls\)/, /save it as \.xlsx or CSV/] },

  // --- encodings and dialects that must be read, not refused ---
  { name: 'UTF-16 LE with BOM is decoded', setup: (d) => ['inspect', '--data', write(d, 'u16le.csv', utf16(CLEAN, 'le'))], code: 0, says: [/120 rows, 3 columns, dated by 'date'/] },
  { name: 'UTF-16 BE with BOM is decoded', setup: (d) => ['inspect', '--data', write(d, 'u16be.csv', utf16(CLEAN, 'be'))], code: 0, says: [/120 rows, 3 columns/] },
  { name: 'UTF-8 BOM is dropped from the first name', setup: (d) => ['inspect', '--data', write(d, 'bom.csv', '\ufeff' + CLEAN)], code: 0, says: [/dated by 'date'/] },
  { name: "Excel's sep=; line is honoured", setup: (d) => ['inspect', '--data', write(d, 'sep.csv', 'sep=;\n' + CLEAN.replace(/,/g, ';'))], code: 0, says: [/120 rows, 3 columns, dated by 'date'/], never: [/sep=/] },
  { name: 'sep= with a tab', setup: (d) => ['inspect', '--data', write(d, 'septab.csv', 'sep=\t\n' + CLEAN.replace(/,/g, '\t'))], code: 0, says: [/3 columns/] },

  // --- broken text tables ---
  { name: 'unterminated quote', setup: (d) => train(d, write(d, 'quote.csv', CLEAN.replace('2024-01-14,', '"2024-01-14,'))), code: 2, says: [/file line 15: a quote opened on this line is never closed/, /remaining 107 lines/, /Close the quote/] },
  { name: 'a 20 MB file without line breaks', setup: (d) => train(d, write(d, 'one-line.csv', 'y,' + '1,'.repeat(10 * 2 ** 20))), code: 2, says: [/file line 1: the row starting here is longer than the 16 MB limit for one row/, /line breaks/] },
  { name: 'ragged rows (23%)', setup: (d) => train(d, write(d, 'ragged.csv', CLEAN.split('\n').map((l, i) => (i > 0 && i % 4 === 0 ? l + ',9' : l)).join('\n'))), code: 2, says: [/ragged|has 4 cells, the header has 3/, /25% of rows do not match/, /cannot be used as it is/] },
  { name: 'a few ragged rows are printed, not fatal without --strict, fatal with it', setup: (d) => train(d, write(d, 'ragged-few.csv', CLEAN.replace('2024-01-20,', '2024-01-20,,')), '--strict'), code: 2, says: [/row 20 \(2024-01-20, file line 21\) has 4 cells/, /--strict makes every warning fatal/] },
  { name: 'duplicated dates', setup: (d) => train(d, write(d, 'dups.csv', CLEAN.replace('2024-01-11,', '2024-01-10,').replace('2024-01-31,', '2024-01-30,'))), code: 2, says: [/row 11 \(2024-01-10, file line 12\) repeats the date of row 10 \(2024-01-10, file line 11\) \(2 repeated dates in all\)/, /merge the duplicate rows/] },
  { name: 'date column in mixed formats', setup: (d) => train(d, write(d, 'mixed.csv', CLEAN.replace(/2024-(\d\d)-(\d\d),/g, (_, month: string, day: string) => (Number(day) % 3 === 0 ? `${day}/${month}/2024,` : `2024-${month}-${day},`)))), code: 2, says: [/column 'date' mixes date formats: 82 cells are written as year-month-day/, /38 as day\/month\/year or month\/day\/year \(row 3 \(file line 4\) '03\/01\/2024'/, /Write every date the same way/] },
  { name: 'a few dates in another format', setup: (d) => train(d, write(d, 'few-mixed.csv', CLEAN.replace('2024-01-05,', '05/01/2024,').replace('2024-02-07,', '07/02/2024,'))), code: 2, says: [/column 'date': 2 cells have no readable date \(row 119 \(file line 6\) '05\/01\/2024', row 120 \(file line 39\) '07\/02\/2024'\)/, /written as day\/month\/year/] },
  { name: 'non-numeric cell under --strict, located', setup: (d) => train(d, write(d, 'text-cell.csv', CLEAN.replace('2024-01-05,', 'X').replace(/^X[\d.]+/m, '2024-01-05,abc')), '--strict'), code: 2, says: [/row 5 \(2024-01-05, file line 6\), column 'y'/, /'abc'/] },
  { name: 'a gap in the dates under --strict', setup: (d) => ['inspect', '--data', write(d, 'gap.csv', CLEAN.replace(/^2024-01-09,.*\n/m, '')), '--strict'], code: 2, says: [/1 missing step of 1 day between row 8 \(2024-01-08, file line 9\) and row 9 \(2024-01-10, file line 10\)/, /--strict counts warnings/] },
  { name: 'a gap in the dates is printed but not fatal', setup: (d) => ['inspect', '--data', write(d, 'gap.csv', CLEAN.replace(/^2024-01-09,.*\n/m, ''))], code: 0, says: [/warning at row 9 \(2024-01-10, file line 10\), column 'date': 1 missing step/] },
  { name: 'stray quote inside a cell under --strict', setup: (d) => train(d, write(d, 'stray.csv', CLEAN.replace('2024-01-07,', '2024-01-07 "x",')), '--strict'), code: 2, says: [/file line 8/] },
  { name: 'infinite values in the target', setup: (d) => train(d, write(d, 'inf.csv', CLEAN.replace(/^(2024-01-09),[\d.]+,/m, '$1,inf,'))), code: 2, says: [/infinite value/, /row 9 \(2024-01-09, file line 10\)/] },

  // --- data that cannot make a series ---
  { name: 'target column holds text', setup: (d) => train(d, write(d, 'text.csv', CLEAN.replace(/^(\d{4}-\d\d-\d\d),([\d.]+),/gm, '$1,n$2,'))), code: 2, says: [/column 'y'/, /must be numeric/] },
  { name: 'unknown target', setup: (d) => ['train', '--data', write(d, 'clean.csv', CLEAN), '--target', 'sales', '--out', join(d, 'run')], code: 2, says: [/there is no column 'sales'/, /Available columns: 'date', 'y', 'x'/] },
  { name: 'target also given as a feature', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--features', 'x,y'), code: 2, says: [/column 'y' is given both as a target and as a feature/, /Remove it from the features/] },
  { name: 'date flag on a column without dates', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--date', 'x'), code: 2, says: [/column 'x' does not hold dates/, /Date columns: 'date'/] },
  { name: 'empty target column', setup: (d) => train(d, write(d, 'empty-col.csv', CLEAN.replace(/^(\d{4}-\d\d-\d\d),[\d.]+,/gm, '$1,,'))), code: 2, says: [/column 'y'/, /holds no values/] },
  { name: 'constant target', setup: (d) => train(d, write(d, 'const.csv', dailyCsv(120, () => 5)), '--lookback', '5'), code: 2, says: [/constant/] },
  { name: 'variance overflow is not called constant', setup: (d) => train(d, write(d, 'huge.csv', dailyCsv(120, (i) => (i % 2 ? 1e300 : -1e300) * (1 + i / 100))), '--lookback', '5'), code: 2, says: [/too large to scale \(their variance overflows\)/, /Divide the column by a power of ten/], never: [/constant/] },
  { name: 'five rows scored on one point', setup: (d) => train(d, write(d, 'five.csv', dailyCsv(5)), '--lookback', '1'), code: 2, says: [/test set holds 1 forecast point/] },
  { name: 'lookback longer than the data', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--lookback', '500'), code: 2, says: [/120 usable rows/, /needs at least \d+ rows/], never: [/Infinity/] },
  { name: 'validation and test leave no training rows', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--config', config(d, { series: { split: { val: 0.5, test: 0.5 } } })), code: 2, says: [/validation 50% and test 50% leave no rows for training/], never: [/Infinity/] },
  { name: 'stride leaves one training window', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--lookback', '5', '--config', config(d, { window: { lookback: 5, stride: 500 } })), code: 2, says: [/stride 500 leaves 1 training window/, /smaller stride/] },
  { name: 'log of negative values', setup: (d) => train(d, write(d, 'neg.csv', dailyCsv(120, (i) => Math.sin(i) * 5)), '--lookback', '5', '--config', config(d, { series: { transforms: [{ kind: 'log' }] } })), code: 2, says: [/log needs values above 0/, /column 'y'/] },
  { name: 'a 300-character column name is not blamed on the run name', setup: (d) => ['inspect', '--data', write(d, 'long-name.csv', CLEAN.replace('date,y,x', `date,${'y'.repeat(300)},x`))], code: 0, says: [/suggested configuration:/], never: [/200/] },

  // --- JSON ---
  { name: 'JSON nested a million levels deep', setup: (d) => train(d, write(d, 'deep.json', '['.repeat(1_000_000) + ']'.repeat(1_000_000))), code: 2, says: [/nested more than 64 levels deep/], never: [/call stack/] },
  { name: 'invalid JSON', setup: (d) => train(d, write(d, 'bad.json', '[{"y": 1}, {"y": 2')), code: 2, says: [/not valid JSON/] },
  { name: 'JSON that is not a table', setup: (d) => train(d, write(d, 'object.json', '{"hello": 1}')), code: 2, says: [/the JSON is not a table/, /Expected an array of records/] },
  { name: 'empty JSON array', setup: (d) => train(d, write(d, 'empty.json', '[]')), code: 2, says: [/the JSON array is empty/] },
  { name: 'JSON mixing records and numbers', setup: (d) => train(d, write(d, 'mixed.json', '[{"y": 1}, 2]')), code: 2, says: [/mixes records and other values/] },
  { name: 'JSON rows that are not arrays', setup: (d) => train(d, write(d, 'rows.json', '{"columns": ["y"], "rows": [[1], 2]}')), code: 2, says: [/"rows" entry 2 is not an array/] },
  { name: 'JSON with __proto__ keys reads them as columns', setup: (d) => ['inspect', '--data', write(d, 'proto.json', JSON.stringify(Array.from({ length: 30 }, (_, i) => JSON.parse(`{"__proto__": ${i}, "y": ${i * 2}}`) as unknown)))], code: 0, says: [/__proto__\s+numeric/] },

  // --- spreadsheets ---
  { name: 'XLSX zip bomb', setup: (d) => train(d, write(d, 'bomb.xlsx', zipBombXlsx(40))), code: 2, says: [/more than 200 times its compressed size \(a zip bomb\)/, /Save the sheet as CSV/] },
  { name: 'XLSX row number past the sheet limit', setup: (d) => train(d, write(d, 'tall.xlsx', xlsxBytes([], { sheetXml: '<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>y</t></is></c></row><row r="5000000"><c><v>1</v></c></row></sheetData></worksheet>' }))), code: 2, says: [/row number 5000000 is outside a sheet's 1,048,576-row limit/] },
  { name: 'XLSX cell past the column limit', setup: (d) => train(d, write(d, 'wide.xlsx', xlsxBytes([], { sheetXml: '<worksheet><sheetData><row r="1"><c r="ZZZZ1"><v>1</v></c></row></sheetData></worksheet>' }))), code: 2, says: [/cell 'ZZZZ1' is beyond the 16384-column limit/] },
  { name: 'XLSX with a comment opens', setup: (d) => ['inspect', '--data', write(d, 'comment.xlsx', xlsxBytes([['t', 'y'], ...Array.from({ length: 30 }, (_, i) => [i, i * 3])], { extraParts: { 'xl/comments1.xml': '<comments><authors><author>me</author></authors><commentList><comment ref="B2" authorId="0"><text><t>checked</t></text></comment></commentList></comments>' } }))], code: 0, says: [/30 rows, 2 columns/] },
  { name: 'XLSX with prototype-polluting names opens safely', setup: (d) => ['inspect', '--data', write(d, 'proto.xlsx', xlsxBytes([['__proto__', 'constructor'], ...Array.from({ length: 30 }, (_, i) => [i, i * 2])], { extraParts: { '__proto__/x.xml': '<x/>' } }))], code: 0, says: [/__proto__\s+numeric/, /constructor\s+numeric/] },
  { name: 'XLSX cut short', setup: (d) => train(d, write(d, 'cut.xlsx', xlsxBytes([['y'], [1], [2]]).subarray(0, 120))), code: 2, says: [/not a readable spreadsheet/, /re-save it/] },
  { name: 'XLSX without sheets', setup: (d) => train(d, write(d, 'nosheet.xlsx', Buffer.from(zipSync({ 'xl/workbook.xml': strToU8('<workbook><sheets/></workbook>') })))), code: 2, says: [/the workbook has no sheets/] },
  { name: 'CSV text named .xlsx', setup: (d) => train(d, write(d, 'fake.xlsx', CLEAN)), code: 2, says: [/not a readable spreadsheet: no zip directory found/] },

  // --- flags ---
  { name: 'missing --data', setup: (d) => ['train', '--target', 'y', '--out', join(d, 'run')], code: 2, says: [/--data is required/] },
  { name: 'missing --target', setup: (d) => ['train', '--data', write(d, 'clean.csv', CLEAN), '--out', join(d, 'run')], code: 2, says: [/--target is required/] },
  { name: 'missing --out', setup: (d) => ['train', '--data', write(d, 'clean.csv', CLEAN), '--target', 'y'], code: 2, says: [/--out is required/] },
  { name: 'misspelt flag', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--lookbak', '5'), code: 2, says: [/Unknown option '--lookbak'/, /rnn-studio help/] },
  { name: 'lookback not a number', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--lookback', 'abc'), code: 2, says: [/--lookback: 'abc' is not a whole number/] },
  { name: 'lookback zero', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--lookback', '0'), code: 2, says: [/--lookback: 0 is out of range/] },
  { name: 'unknown cell', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--cell', 'transformer'), code: 2, says: [/--cell: 'transformer' is not one of rnn, lstm, gru/] },
  { name: 'unknown topology', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--topology', 'sideways'), code: 2, says: [/--topology: 'sideways' is not one of/] },
  { name: 'layers with a word', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--layers', '8,abc'), code: 2, says: [/--layers: layer 2 'abc' is not a whole number/] },
  { name: 'test share 1.5', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--test', '1.5'), code: 2, says: [/--test: '1.5' must be a fraction below 1/] },
  { name: 'learning rate zero', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--lr', '0'), code: 2, says: [/--lr: '0' is not a positive number/] },
  { name: 'negative clip', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--clip', '-1'), code: 2, says: [/--clip/] },
  { name: 'inspect an unknown target', setup: (d) => ['inspect', '--data', write(d, 'clean.csv', CLEAN), '--target', 'nope'], code: 2, says: [/there is no column 'nope'/] },
  { name: 'inspect without --data', setup: () => ['inspect'], code: 2, says: [/--data is required/] },

  // --- configs ---
  { name: 'misspelt config key', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--config', config(d, { window: { lookbak: 12 } })), code: 2, says: [/unknown key 'window\.lookbak' \(it would be ignored\); did you mean 'window\.lookback'\?/] },
  { name: 'misspelt top-level config key', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--config', config(d, { seires: { target: ['y'] } })), code: 2, says: [/unknown key 'seires'.*did you mean 'series'\?/] },
  { name: 'config key at the wrong level', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--config', config(d, { lookback: 12 })), code: 2, says: [/unknown key 'lookback'.*did you mean 'window\.lookback'\?/] },
  { name: 'misspelt optimizer key', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--config', config(d, { train: { optimizer: { kind: 'adam', lrr: 0.01 } } })), code: 2, says: [/unknown key 'train\.optimizer\.lrr'.*did you mean 'train\.optimizer\.lr'\?/] },
  { name: 'misspelt key inside a layer', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--config', config(d, { model: { layers: [{ unit: 8 }] } })), code: 2, says: [/unknown key 'model\.layers\.0\.unit'.*did you mean 'model\.layers\.0\.units'\?/] },
  { name: 'config not JSON', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--config', write(d, 'config.json', '{lookback: 12')), code: 2, says: [/config\.json: not valid JSON/] },
  { name: 'config is an array', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--config', write(d, 'config.json', '[1]')), code: 2, says: [/expected a JSON object/] },
  { name: 'config file missing', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--config', join(d, 'none.json')), code: 2, says: [/--config: .*none\.json: no such file/] },
  { name: 'config is a named pipe (would hang)', setup: (d) => { execFileSync('mkfifo', [join(d, 'config.pipe')]); return train(d, write(d, 'clean.csv', CLEAN), '--config', join(d, 'config.pipe')); }, code: 2, says: [/--config: .*named pipe, not a file/] },
  { name: 'config value of the wrong type', setup: (d) => train(d, write(d, 'clean.csv', CLEAN), '--config', config(d, { window: { lookback: 'twelve' } })), code: 2, says: [/config\.json: window\.lookback:/] },
];

