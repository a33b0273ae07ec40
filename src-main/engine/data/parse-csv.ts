import * as fs from 'node:fs';
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import type { DatasetIssue } from '../spec';
import { DataError } from './data-error';
import { isEmptyRecord, type RawTable } from './raw-table';

const CANDIDATES = [',', '\t', ';', '|'];
const SAMPLE_BYTES = 64 * 1024;

/**
 * Picks the delimiter that splits the first lines into the same number (> 1) of fields most
 * consistently; ties go to the one giving more fields. A single-column file gets ','.
 */
export function detectDelimiter(sample: string): string {
  let best = { delimiter: ',', score: 0, fields: 1 };
  for (const delimiter of CANDIDATES) {
    const rows = Papa.parse<string[]>(sample, { delimiter, preview: 30 }).data.filter((r) => !isEmptyRecord(r));
    // The sample may end mid-line: ignore its last row.
    const complete = rows.length > 1 ? rows.slice(0, -1) : rows;
    if (complete.length === 0) continue;
    const counts = new Map<number, number>();
    for (const row of complete) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
    const [fields, agreeing] = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
    if (fields < 2) continue;
    const score = agreeing / complete.length;
    if (score > best.score || (score === best.score && fields > best.fields)) best = { delimiter, score, fields };
  }
  return best.delimiter;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Excel writes `sep=;` as the first line of a CSV to name its delimiter. */
const SEP_LINE = /^sep=(.)[ \t]*(\r?\n|$)/;

export function separatorLine(sample: string): string | undefined {
  return SEP_LINE.exec(sample)?.[1];
}

function lineCount(record: string[]): number {
  let n = 0;
  for (const cell of record) for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * A quote that never closes swallows the rest of the file into one cell: the table would silently
 * lose those rows, so it is refused. Other syntax slips are reported where they are.
 */
function syntaxIssues(errors: Papa.ParseError[], records: string[][], file: string | undefined): DatasetIssue[] {
  const unclosed = errors.find((e) => e.code === 'MissingQuotes');
  if (unclosed && unclosed.row !== undefined) {
    const row = unclosed.row + 1;
    const swallowed = lineCount(records[unclosed.row] ?? []);
    throw new DataError('unterminated-quote', `a quote opened on this row is never closed, so the remaining ${swallowed} line${swallowed === 1 ? '' : 's'} of the file would be read as one cell`, {
      file,
      row,
      hint: 'Close the quote (or double a quote inside a quoted cell: "")',
    });
  }
  return errors.slice(0, 5).map((e) => ({
    severity: 'warning' as const,
    code: 'csv-syntax',
    message: `${e.message}${e.row !== undefined ? ` (row ${e.row + 1})` : ''}. Check the quotes on that line.`,
    row: e.row !== undefined ? e.row + 1 : undefined,
  }));
}

/** Records → RawTable, dropping blank lines (and a `sep=` line) but keeping each record's file line. */
function toRawTable(data: string[][], delimiter: string, errors: Papa.ParseError[], skipSepLine: boolean, file?: string): RawTable {
  const issues = syntaxIssues(errors, data, file);
  const records: string[][] = [];
  const lines: number[] = [];
  data.forEach((record, index) => {
    if ((skipSepLine && index === 0) || isEmptyRecord(record)) return;
    records.push(record);
    lines.push(index + 1);
  });
  return { records, lines, locator: 'row', decimalComma: delimiter === ';', issues };
}

export function parseCsvText(text: string, delimiter?: string, file?: string): RawTable {
  const content = stripBom(text);
  const sep = separatorLine(content);
  const chosen = delimiter ?? sep ?? detectDelimiter(content.slice(0, SAMPLE_BYTES));
  const result = Papa.parse<string[]>(content, { delimiter: chosen, skipEmptyLines: false });
  return toRawTable(result.data, chosen, result.errors, sep !== undefined, file);
}

async function readSample(path: string): Promise<string> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    // A multi-byte character cut at the end only costs one mis-decoded character in the sample.
    return stripBom(buffer.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await handle.close();
  }
}

/** Hashes the bytes passing through and hands them on as correctly decoded UTF-8 text. */
class HashingDecoder extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  private readonly decoder = new StringDecoder('utf8');
  private first = true;

  constructor(private readonly onBytes: (bytes: number) => void) {
    super({ decodeStrings: true, readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.onBytes(this.bytes);
    let text = this.decoder.write(chunk);
    if (this.first && text.length > 0) {
      text = stripBom(text);
      this.first = false;
    }
    callback(null, text);
  }

  override _flush(callback: TransformCallback): void {
    const rest = this.decoder.end();
    callback(null, rest.length ? rest : undefined);
  }
}

export interface CsvFileResult {
  raw: RawTable;
  sha256: string;
}

/** Streams a CSV/TSV file through papaparse, hashing it on the way; progress is the share of bytes read. */
export async function readCsvFile(
  path: string,
  opts: { delimiter?: string; onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<CsvFileResult> {
  const aborted = (): DataError => new DataError('aborted', 'loading was cancelled', { file: path });
  if (opts.signal?.aborted) throw aborted();
  const size = (await fs.promises.stat(path)).size;
  const sample = await readSample(path);
  const sep = separatorLine(sample);
  const delimiter = opts.delimiter ?? sep ?? detectDelimiter(sample);
  const file = fs.createReadStream(path);
  const decoder = new HashingDecoder((bytes) => opts.onProgress?.(size > 0 ? Math.min(1, bytes / size) : 1));
  const records: string[][] = [];
  const errors: Papa.ParseError[] = [];

  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onAbort = (): void => {
      finish(aborted());
      file.destroy();
      decoder.destroy();
    };
    file.on('error', (e) => finish(new DataError('unreadable-file', `cannot read the file (${e.message})`, { file: path })));
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort);
    Papa.parse<string[]>(file.pipe(decoder), {
      delimiter,
      skipEmptyLines: false,
      step: (result) => {
        records.push(result.data);
        for (const e of result.errors) errors.push({ ...e, row: records.length - 1 });
      },
      complete: () => finish(),
      error: (e: Error) => finish(new DataError('unreadable-file', `cannot parse the file (${e.message})`, { file: path })),
    });
  });

  return { raw: toRawTable(records, delimiter, errors, sep !== undefined, path), sha256: decoder.hash.digest('hex') };
}
