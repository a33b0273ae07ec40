/**
 * A CSV tokenizer over bytes (RFC 4180: quoted cells, doubled quotes, newlines inside quotes, CRLF).
 * It hands each record to a sink as byte ranges, so a number is read without ever becoming a string.
 */
import { DataError } from './data-error';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Up to this many cells per record are tracked; wider records are cut (and reported as ragged). */
export const MAX_FIELDS = 16_384;

/** The cells of one record: byte ranges into `buffer`. */
export class FieldView {
  buffer: Buffer = Buffer.alloc(0);
  readonly starts = new Int32Array(MAX_FIELDS);
  readonly ends = new Int32Array(MAX_FIELDS);
  /** 0 plain, 1 quoted, 2 quoted with doubled quotes inside. */
  readonly quoting = new Uint8Array(MAX_FIELDS);
  count = 0;
  /** Cells beyond MAX_FIELDS (counted, not kept). */
  overflow = 0;

  text(i: number): string {
    if (i >= this.count) return '';
    const s = this.buffer.toString('utf8', this.starts[i], this.ends[i]);
    return this.quoting[i] === 2 ? s.replace(/""/g, '"') : s;
  }

  isEmpty(i: number): boolean {
    return i >= this.count || this.starts[i] === this.ends[i];
  }

  /** A record of only empty or blank cells (a blank line, or ",,,"). */
  isBlank(): boolean {
    for (let i = 0; i < this.count; i++) {
      for (let p = this.starts[i]; p < this.ends[i]; p++) {
        const b = this.buffer[p];
        if (b !== 0x20 && b !== 0x09) return false;
      }
    }
    return true;
  }

  texts(): string[] {
    return Array.from({ length: this.count }, (_, i) => this.text(i));
  }
}

export interface TokenizerProblem {
  line: number;
  message: string;
}

/** Returned by `next` when the buffer ends inside a record and more bytes are coming. */
export const INCOMPLETE = -1;

export class CsvTokenizer {
  readonly fields = new FieldView();
  /** 1-based line where the current record starts. */
  line = 1;
  readonly problems: TokenizerProblem[] = [];

  constructor(
    private readonly delimiter: number,
    readonly file?: string,
  ) {}

  private countLines(buffer: Buffer, from: number, to: number): number {
    let n = 0;
    for (let p = buffer.indexOf(LF, from); p >= 0 && p < to; p = buffer.indexOf(LF, p + 1)) n++;
    return n;
  }

  private push(start: number, end: number, quoting: number): void {
    const f = this.fields;
    if (f.count < MAX_FIELDS) {
      f.starts[f.count] = start;
      f.ends[f.count] = end;
      f.quoting[f.count] = quoting;
      f.count++;
    } else f.overflow++;
  }

  /**
   * Reads one record starting at `pos`; returns the position after it, or INCOMPLETE when `final`
   * is false and the record runs past the end of the buffer (the caller appends more bytes and
   * calls again from the same position).
   */
  next(buffer: Buffer, pos: number, final: boolean): number {
    const f = this.fields;
    const n = buffer.length;
    const delimiter = this.delimiter;
    f.buffer = buffer;
    f.count = 0;
    f.overflow = 0;
    let p = pos;
    let linesInside = 0;
    for (;;) {
      if (p < n && buffer[p] === QUOTE) {
        const start = p + 1;
        let q = start;
        let escaped = false;
        let end: number;
        for (;;) {
          const close = buffer.indexOf(QUOTE, q);
          if (close < 0) {
            if (!final) return INCOMPLETE;
            const swallowed = this.countLines(buffer, start, n);
            throw new DataError('unterminated-quote', `a quote opened on this line is never closed, so the remaining ${swallowed} line${swallowed === 1 ? '' : 's'} of the file would be read as one cell`, {
              file: this.file,
              line: this.line,
              sourceWord: 'file line',
              hint: 'Close the quote (or double a quote inside a quoted cell: "")',
            });
          }
          if (close + 1 >= n && !final) return INCOMPLETE;
          if (buffer[close + 1] === QUOTE) {
            escaped = true;
            q = close + 2;
            continue;
          }
          end = close;
          break;
        }
        linesInside += this.countLines(buffer, start, end);
        p = end + 1;
        if (p < n && buffer[p] !== delimiter && buffer[p] !== LF && buffer[p] !== CR) {
          // Text after a closing quote: keep the quoted part, skip the rest of the cell, say where.
          if (this.problems.length < 5) this.problems.push({ line: this.line + linesInside, message: 'text follows a closing quote in this cell; only the quoted part is kept' });
          while (p < n && buffer[p] !== delimiter && buffer[p] !== LF && buffer[p] !== CR) p++;
          if (p >= n && !final) return INCOMPLETE;
        }
        this.push(start, end, escaped ? 2 : 1);
      } else {
        const start = p;
        let strayQuote = false;
        while (p < n) {
          const b = buffer[p];
          if (b === delimiter || b === LF || b === CR) break;
          if (b === QUOTE) strayQuote = true;
          p++;
        }
        if (p >= n && !final) return INCOMPLETE;
        if (strayQuote && this.problems.length < 5) this.problems.push({ line: this.line + linesInside, message: 'a quote inside an unquoted cell is read as a plain character' });
        this.push(start, p, 0);
      }
      if (p < n && buffer[p] === delimiter) {
        p++;
        continue;
      }
      break;
    }
    if (p < n && buffer[p] === CR) {
      p++;
      if (p >= n && !final) return INCOMPLETE;
      if (p < n && buffer[p] === LF) p++;
      linesInside++;
    } else if (p < n && buffer[p] === LF) {
      p++;
      linesInside++;
    }
    this.lineAfter = this.line + linesInside;
    return p;
  }

  /** Line where the next record starts (set by `next`); the caller moves `line` on once it accepts the record. */
  lineAfter = 1;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * A plain decimal number ("-12.5", "3e4") read straight from bytes. Exact: with at most 15
 * significant digits and a power of ten up to 1e22, one multiplication or division of two exact
 * doubles is correctly rounded, the same double Number(text) gives. Anything else gives NaN and
 * the caller reads the text the slow way (a number read here is never NaN).
 */
export function fastNumber(buffer: Buffer, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (i < end && (buffer[i] === 0x2d || buffer[i] === 0x2b)) {
    negative = buffer[i] === 0x2d;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  while (i < end && buffer[i] >= 0x30 && buffer[i] <= 0x39) {
    mantissa = mantissa * 10 + (buffer[i] - 0x30);
    if (mantissa !== 0) digits++;
    i++;
  }
  let sawDigit = i > start + (negative || buffer[start] === 0x2b ? 1 : 0);
  if (i < end && buffer[i] === 0x2e) {
    i++;
    while (i < end && buffer[i] >= 0x30 && buffer[i] <= 0x39) {
      mantissa = mantissa * 10 + (buffer[i] - 0x30);
      if (mantissa !== 0) digits++;
      fraction++;
      sawDigit = true;
      i++;
    }
  }
  let exponent = 0;
  if (sawDigit && i < end && (buffer[i] === 0x65 || buffer[i] === 0x45)) {
    i++;
    let expNegative = false;
    if (i < end && (buffer[i] === 0x2d || buffer[i] === 0x2b)) {
      expNegative = buffer[i] === 0x2d;
      i++;
    }
    const expStart = i;
    while (i < end && buffer[i] >= 0x30 && buffer[i] <= 0x39 && i - expStart < 5) {
      exponent = exponent * 10 + (buffer[i] - 0x30);
      i++;
    }
    if (i === expStart) sawDigit = false;
    if (expNegative) exponent = -exponent;
  }
  if (!sawDigit || i !== end || digits > 15) return Number.NaN;
  const power = exponent - fraction;
  let value: number;
  if (power === 0) value = mantissa;
  else if (power > 0 && power <= 22) value = mantissa * POW10[power];
  else if (power < 0 && power >= -22) value = mantissa / POW10[-power];
  else return Number.NaN;
  return negative ? -value : value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function two(buffer: Buffer, at: number): number {
  const a = buffer[at] - 0x30;
  const b = buffer[at + 1] - 0x30;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * "YYYY-MM-DD", optionally with " HH:MM" or "THH:MM:SS", read from bytes as UTC epoch ms; NaN for
 * any other shape, which the caller reads with parseDate.
 */
export function fastIsoDate(buffer: Buffer, start: number, end: number): number {
  const length = end - start;
  if (length !== 10 && length !== 16 && length !== 19) return Number.NaN;
  const century = two(buffer, start);
  const yy = two(buffer, start + 2);
  const month = two(buffer, start + 5);
  const day = two(buffer, start + 8);
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1 || buffer[start + 4] !== 0x2d || buffer[start + 7] !== 0x2d) return Number.NaN;
  const year = century * 100 + yy;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1])) return Number.NaN;
  let hour = 0;
  let minute = 0;
  let second = 0;
  if (length > 10) {
    const sep = buffer[start + 10];
    if ((sep !== 0x20 && sep !== 0x54) || buffer[start + 13] !== 0x3a) return Number.NaN;
    hour = two(buffer, start + 11);
    minute = two(buffer, start + 14);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return Number.NaN;
    if (length === 19) {
      second = two(buffer, start + 17);
      if (buffer[start + 16] !== 0x3a || second < 0 || second > 59) return Number.NaN;
    }
  }
  return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm): Date.UTC without the call. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
