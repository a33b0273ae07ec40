import { DataError } from './data-error';
import { isEmptyRecord, type RawTable } from './raw-table';
import { dateStyles, serialDateText } from './xlsx/styles';
import { attributes, decodeEntities, elements, joinedText } from './xlsx/xml-text';
import { inflateEntry, readZipDirectory, ZipProblem, type InflateLimits, type ZipEntry } from './xlsx/zip-archive';

/** Limits that stop a hostile or broken workbook before it exhausts memory; each refusal names its limit. */
export const XLSX_LIMITS = {
  /** Decompressed size of any one part of the workbook (the sheet's XML is the big one). */
  maxPartBytes: 400 * 2 ** 20,
  /** A part may decompress to at most this many times its compressed size (past the first 16 MB). */
  maxRatio: 200,
  ratioFloorBytes: 16 * 2 ** 20,
  /** Excel's own sheet size. */
  maxRows: 1_048_576,
  maxColumns: 16_384,
  maxCells: 20_000_000,
} as const;

const inflateLimits: InflateLimits = { maxBytes: XLSX_LIMITS.maxPartBytes, maxRatio: XLSX_LIMITS.maxRatio, ratioFloorBytes: XLSX_LIMITS.ratioFloorBytes };

class Workbook {
  private readonly entries: Map<string, ZipEntry>;

  constructor(
    private readonly bytes: Buffer,
    readonly file: string,
  ) {
    this.entries = readZipDirectory(bytes);
  }

  text(name: string): string | undefined {
    const entry = this.entries.get(name) ?? this.entries.get(name.replace(/^\//, ''));
    return entry ? inflateEntry(this.bytes, entry, inflateLimits).toString('utf8') : undefined;
  }

  /** The first sheet's part name, following workbook.xml and its relationships. */
  firstSheetPath(): string | undefined {
    const workbook = this.text('xl/workbook.xml');
    if (!workbook) return undefined;
    const first = [...elements(workbook, 'sheet')][0];
    if (!first) return undefined;
    const relId = attributes(first.attrs).get('id');
    const rels = this.text('xl/_rels/workbook.xml.rels') ?? '';
    for (const rel of elements(rels, 'Relationship')) {
      const attrs = attributes(rel.attrs);
      if (attrs.get('Id') !== relId) continue;
      const target = attrs.get('Target') ?? '';
      return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
    }
    return this.entries.has('xl/worksheets/sheet1.xml') ? 'xl/worksheets/sheet1.xml' : undefined;
  }

  uses1904Dates(): boolean {
    const workbook = this.text('xl/workbook.xml') ?? '';
    const pr = [...elements(workbook, 'workbookPr')][0];
    const value = pr ? attributes(pr.attrs).get('date1904') : undefined;
    return value === '1' || value === 'true';
  }
}

function sharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  return [...elements(xml, 'si')].map((si) => joinedText(si.inner));
}

/** "BC12" → 54 (0-based column); -1 when the reference has no letters. */
function columnIndex(ref: string): number {
  let index = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i) | 0x20;
    if (code < 97 || code > 122) break;
    index = index * 26 + (code - 96);
  }
  return i === 0 ? -1 : index - 1;
}

interface CellContext {
  strings: string[];
  dateStyles: boolean[];
  date1904: boolean;
}

function cellText(attrs: Map<string, string>, inner: string, ctx: CellContext): string {
  const type = attrs.get('t') ?? 'n';
  if (type === 'inlineStr') return joinedText(inner);
  const v = /<(?:\w+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?v>/.exec(inner);
  const value = v ? decodeEntities(v[1]) : '';
  switch (type) {
    case 's':
      return ctx.strings[Number(value)] ?? '';
    case 'b':
      return value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : '';
    case 'e':
      return '';
    case 'str':
    case 'd':
      return value;
    default: {
      const style = Number(attrs.get('s') ?? 0);
      return value !== '' && ctx.dateStyles[style] ? serialDateText(Number(value), ctx.date1904) : value;
    }
  }
}

function limitError(file: string, problem: string, sheetRow?: number): DataError {
  return new DataError('too-large', problem, { file, line: sheetRow, sourceWord: 'sheet row', hint: 'Save the sheet as CSV, or split it into smaller files.' });
}

function readSheet(xml: string, ctx: CellContext, file: string): RawTable {
  const records: string[][] = [];
  const lines: number[] = [];
  let cells = 0;
  let nextRow = 1;
  for (const row of elements(xml, 'row')) {
    const r = Number(attributes(row.attrs).get('r') ?? nextRow);
    nextRow = r + 1;
    if (!Number.isInteger(r) || r < 1 || r > XLSX_LIMITS.maxRows) {
      throw limitError(file, `row number ${r} is outside a sheet's ${XLSX_LIMITS.maxRows.toLocaleString('en-US')}-row limit`, Number.isInteger(r) ? r : undefined);
    }
    const record: string[] = [];
    for (const c of elements(row.inner, 'c')) {
      const attrs = attributes(c.attrs);
      const ref = attrs.get('r');
      const col = ref ? columnIndex(ref) : record.length;
      if (col < 0 || col >= XLSX_LIMITS.maxColumns) throw limitError(file, `cell '${ref}' is beyond the ${XLSX_LIMITS.maxColumns}-column limit`, r);
      while (record.length < col) record.push('');
      record[col] = cellText(attrs, c.inner, ctx);
    }
    cells += record.length;
    if (cells > XLSX_LIMITS.maxCells) throw limitError(file, `the sheet has more than ${XLSX_LIMITS.maxCells.toLocaleString('en-US')} cells (the limit)`, r);
    if (isEmptyRecord(record)) continue;
    records.push(record);
    lines.push(r);
  }
  return { records, lines, sourceWord: 'sheet row', decimalComma: false, issues: [] };
}

/**
 * Reads the first sheet of an XLSX workbook; each record keeps its spreadsheet row number. Only the
 * parts a table needs are decompressed (comments, drawings and macros are never opened), each under
 * the limits in XLSX_LIMITS, and nothing read from the file becomes an object key.
 */
export function parseXlsxBytes(bytes: Buffer, file: string): RawTable {
  try {
    const workbook = new Workbook(bytes, file);
    const sheetPath = workbook.firstSheetPath();
    if (!sheetPath) throw new DataError('empty-file', 'the workbook has no sheets', { file, hint: 'Save a workbook with the table on its first sheet.' });
    const sheet = workbook.text(sheetPath);
    if (sheet === undefined) throw new DataError('unreadable-file', `the workbook names a sheet '${sheetPath}' it does not contain`, { file, hint: 'Open and re-save it in a spreadsheet program.' });
    const ctx: CellContext = {
      strings: sharedStrings(workbook.text('xl/sharedStrings.xml')),
      dateStyles: dateStyles(workbook.text('xl/styles.xml')),
      date1904: workbook.uses1904Dates(),
    };
    return readSheet(sheet, ctx, file);
  } catch (error) {
    if (error instanceof DataError) throw error;
    if (error instanceof ZipProblem) {
      if (error.kind === 'limit') throw limitError(file, error.message);
      throw new DataError('unreadable-file', `not a readable spreadsheet: ${error.message}`, { file, hint: 'Open and re-save it as .xlsx, or export it as CSV.' });
    }
    throw new DataError('unreadable-file', `not a readable spreadsheet (${(error as Error).message})`, { file, hint: 'Open and re-save it as .xlsx, or export it as CSV.' });
  }
}
