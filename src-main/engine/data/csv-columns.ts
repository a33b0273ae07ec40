/**
 * Reads CSV/TSV bytes straight into typed columns: numbers and dates become Float64Arrays as they
 * are read, only text columns keep strings. Two passes over the source: the first reads the header
 * and the first rows to type the columns, the second reads everything into the columns.
 */
import * as fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { DatasetIssue } from '../spec';
import { classifyColumn, TYPE_SAMPLE } from './column-types';
import { GrowingFloat64, GrowingInt32, type ColumnarTable, type RaggedRows, type TypedColumn } from './columnar';
import { DataError } from './data-error';
import { parseDate, type DateDetection } from './dates';
import { CsvTokenizer, fastIsoDate, fastNumber, INCOMPLETE, type FieldView } from './csv-tokenizer';
import { generatedNames, isHeaderRow } from './header';
import { isMissingCell, parseNumber } from './numbers';

const CHUNK = 512 * 1024;

/** Where bytes come from: a file read in chunks, or a buffer in memory. */
export interface ByteSource {
  size: number;
  /** Roughly how many lines the source holds (to size the columns once). */
  estimateLines(): Promise<number>;
  /** Calls `onChunk` with successive pieces; stops early when it returns false. */
  read(onChunk: (chunk: Buffer) => boolean, signal?: AbortSignal): Promise<void>;
}

function countNewlines(bytes: Buffer): number {
  let n = 0;
  for (let p = bytes.indexOf(0x0a); p >= 0; p = bytes.indexOf(0x0a, p + 1)) n++;
  return n;
}

export function bufferSource(bytes: Buffer): ByteSource {
  return {
    size: bytes.length,
    estimateLines: async () => countNewlines(bytes) + 1,
    read: async (onChunk) => {
      onChunk(bytes);
    },
  };
}

const LINE_SAMPLE = 256 * 1024;

export function fileSource(path: string, size: number): ByteSource {
  return {
    size,
    /** Newlines per byte in three samples (start, middle, end): row lengths often drift along a file. */
    estimateLines: async () => {
      if (size <= 3 * LINE_SAMPLE) return countNewlines(await fs.promises.readFile(path)) + 1;
      const handle = await fs.promises.open(path, 'r');
      try {
        const buffer = Buffer.allocUnsafe(LINE_SAMPLE);
        let lines = 0;
        for (const at of [0, Math.floor(size / 2), size - LINE_SAMPLE]) {
          const { bytesRead } = await handle.read(buffer, 0, LINE_SAMPLE, at);
          lines += countNewlines(buffer.subarray(0, bytesRead));
        }
        return Math.ceil((lines / (3 * LINE_SAMPLE)) * size) + 1;
      } finally {
        await handle.close();
      }
    },
    read: async (onChunk, signal) => {
      const handle = await fs.promises.open(path, 'r');
      // One buffer for the whole file: a record cut at its end is copied out before it is refilled.
      const buffer = Buffer.allocUnsafe(CHUNK);
      try {
        for (;;) {
          if (signal?.aborted) throw new DataError('aborted', 'loading was cancelled', { file: path });
          const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
          if (bytesRead === 0) break;
          if (!onChunk(buffer.subarray(0, bytesRead))) break;
        }
      } finally {
        await handle.close();
      }
    },
  };
}

/** Longest record accepted: a legitimate row is far shorter; past this the file has no line breaks or an open quote. */
export const MAX_RECORD_BYTES = 16 * 2 ** 20;

/** Feeds records to `onRecord` across chunk boundaries; `onRecord` returns false to stop. Returns the bytes the records took. */
async function eachRecord(source: ByteSource, tokenizer: CsvTokenizer, onRecord: (fields: FieldView) => boolean, signal?: AbortSignal, onChunk?: (chunk: Buffer) => void): Promise<number> {
  let recordBytes = 0;
  let pending: Buffer | undefined;
  let stopped = false;
  let first = true;
  const consume = (buffer: Buffer, final: boolean): Buffer | undefined => {
    let pos = 0;
    if (first && buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) pos = 3;
    first = false;
    while (pos < buffer.length) {
      const next = tokenizer.next(buffer, pos, final);
      if (next === INCOMPLETE) {
        if (buffer.length - pos > MAX_RECORD_BYTES) {
          throw new DataError('too-large', `the row starting here is longer than the ${MAX_RECORD_BYTES / 2 ** 20} MB limit for one row`, {
            file: tokenizer.file,
            line: tokenizer.line,
            sourceWord: 'file line',
            hint: 'Check that the file has line breaks and that no quote is left open.',
          });
        }
        return Buffer.from(buffer.subarray(pos));
      }
      recordBytes += next - pos;
      pos = next;
      const keepGoing = onRecord(tokenizer.fields);
      tokenizer.line = tokenizer.lineAfter;
      if (!keepGoing) {
        stopped = true;
        return undefined;
      }
    }
    return undefined;
  };
  await source.read((chunk) => {
    onChunk?.(chunk);
    const buffer = pending && pending.length ? Buffer.concat([pending, chunk]) : chunk;
    pending = consume(buffer, false);
    return !stopped;
  }, signal);
  if (!stopped && pending && pending.length) consume(pending, true);
  return recordBytes;
}

interface Layout {
  names: string[];
  namedByFile: boolean;
  typings: { kind: TypedColumn['kind']; date?: DateDetection }[];
}

/** Pass 1: header, column types (from the first TYPE_SAMPLE rows) and the size of a row. */
/**
 * The records neither pass reads as data: the `sep=` line (the file's first record, when it has one)
 * and blank lines. One instance per pass, so both passes skip exactly the same records.
 */
function skippedRecords(sepLine: boolean): (fields: FieldView) => boolean {
  let sepPending = sepLine;
  return (fields) => {
    if (sepPending) {
      sepPending = false;
      return true;
    }
    return fields.isBlank();
  };
}

async function readLayout(source: ByteSource, delimiter: number, decimalComma: boolean, sepLine: boolean, file: string | undefined, signal?: AbortSignal): Promise<Layout> {
  const tokenizer = new CsvTokenizer(delimiter, file);
  const records: string[][] = [];
  const skipped = skippedRecords(sepLine);
  await eachRecord(
    source,
    tokenizer,
    (fields) => {
      if (skipped(fields)) return true;
      records.push(fields.texts());
      return records.length <= TYPE_SAMPLE;
    },
    signal,
  );
  if (records.length === 0) throw new DataError('empty-file', 'the file holds no data', { file, hint: 'Choose a file with a table of values.' });
  const namedByFile = isHeaderRow(records[0], decimalComma);
  const names = namedByFile ? records[0] : generatedNames(records[0].length);
  if (names.length === 0) throw new DataError('no-columns', 'the file has no columns', { file });
  const sample = namedByFile ? records.slice(1) : records;
  if (sample.length === 0) throw new DataError('empty-file', 'the file has a header but no data rows', { file, hint: 'Add rows of values below the header.' });
  const typings = names.map((name, c) => classifyColumn(name, sample.map((r) => r[c] ?? ''), decimalComma));
  return { names, namedByFile, typings };
}

/** One column being filled during pass 2. */
interface Sink {
  add(fields: FieldView, c: number, row: number): void;
  finish(): TypedColumn;
}

function numericSink(capacity: number, decimalComma: boolean): Sink {
  const values = new GrowingFloat64(capacity);
  const unreadable = new Map<number, string>();
  return {
    add(fields, c, row) {
      if (fields.isEmpty(c)) return values.push(Number.NaN);
      let value = decimalComma ? Number.NaN : fastNumber(fields.buffer, fields.starts[c], fields.ends[c]);
      if (Number.isNaN(value)) {
        const text = fields.text(c);
        value = parseNumber(text, decimalComma);
        if (Number.isNaN(value) && !isMissingCell(text)) unreadable.set(row, text);
      }
      values.push(value);
    },
    finish: () => ({ kind: 'numeric', values: values.finish(), unreadable }),
  };
}

function dateSink(capacity: number, date: DateDetection): Sink {
  const values = new GrowingFloat64(capacity);
  const unreadable = new Map<number, string>();
  let example = '';
  return {
    add(fields, c, row) {
      if (fields.isEmpty(c)) return values.push(Number.NaN);
      if (example === '') example = fields.text(c);
      let value = date.format === 'ymd' ? fastIsoDate(fields.buffer, fields.starts[c], fields.ends[c]) : Number.NaN;
      if (Number.isNaN(value)) {
        const text = fields.text(c);
        value = parseDate(text, date.format);
        if (Number.isNaN(value) && !isMissingCell(text)) unreadable.set(row, text);
      }
      values.push(value);
    },
    finish: () => ({ kind: 'date', date, values: values.finish(), unreadable, example }),
  };
}

function textSink(kind: 'categorical' | 'empty'): Sink {
  const texts: string[] = [];
  return {
    add(fields, c) {
      texts.push(fields.text(c));
    },
    finish: () => ({ kind, texts }),
  };
}

export interface CsvColumnsResult {
  table: ColumnarTable;
  sha256: string;
}

/** Reads a whole CSV/TSV source into typed columns. */
export async function readCsvColumns(
  source: ByteSource,
  opts: { delimiter: string; sepLine: boolean; file?: string; onProgress?: (fraction: number) => void; signal?: AbortSignal },
): Promise<CsvColumnsResult> {
  const delimiter = opts.delimiter.charCodeAt(0);
  const decimalComma = opts.delimiter === ';';
  const layout = await readLayout(source, delimiter, decimalComma, opts.sepLine, opts.file, opts.signal);
  const width = layout.names.length;
  // Sized from the line count with a little room: the columns rarely need to grow.
  const capacity = Math.ceil((await source.estimateLines()) * 1.02) + 16;
  const sinks = layout.typings.map((t) => (t.kind === 'numeric' ? numericSink(capacity, decimalComma) : t.kind === 'date' ? dateSink(capacity, t.date!) : textSink(t.kind === 'empty' ? 'empty' : 'categorical')));
  const lines = new GrowingInt32(capacity);
  const ragged: RaggedRows = { rows: [], cells: [] };
  const hash = createHash('sha256');
  const tokenizer = new CsvTokenizer(delimiter, opts.file);
  const skipped = skippedRecords(opts.sepLine);
  let headerPending = layout.namedByFile;
  let row = 0;
  let read = 0;
  await eachRecord(
    source,
    tokenizer,
    (fields) => {
      // The same records pass 1 skipped, then the header.
      if (skipped(fields)) return true;
      if (headerPending) {
        headerPending = false;
        return true;
      }
      const cells = fields.count + fields.overflow;
      if (cells !== width) {
        ragged.rows.push(row);
        if (ragged.cells.length < 5) ragged.cells.push(cells);
      }
      for (let c = 0; c < width; c++) sinks[c].add(fields, c, row);
      lines.push(tokenizer.line);
      row++;
      return true;
    },
    opts.signal,
    (chunk) => {
      hash.update(chunk);
      read += chunk.length;
      opts.onProgress?.(source.size > 0 ? Math.min(1, read / source.size) : 1);
    },
  );
  const issues: DatasetIssue[] = tokenizer.problems.map((p) => ({ severity: 'warning', code: 'csv-syntax', message: `file line ${p.line}: ${p.message}. Check the quotes on that line.`, line: p.line, sourceWord: 'file line' }));
  return {
    table: { names: layout.names, namedByFile: layout.namedByFile, rowCount: row, lines: lines.finish(), columns: sinks.map((s) => s.finish()), sourceWord: 'file line', decimalComma, issues, ragged },
    sha256: hash.digest('hex'),
  };
}
