import { DataError } from './data-error';

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

/** The encoding a byte-order mark names; UTF-16 without a BOM is recognised by its zero high bytes. */
export function detectEncoding(bytes: Uint8Array): TextEncoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf16be';
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n >= 8) {
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i < n; i += 2) {
      if (bytes[i] === 0) evenZeros++;
      if (bytes[i + 1] === 0) oddZeros++;
    }
    const pairs = n / 2;
    // ASCII text in UTF-16: one byte of every pair is zero, the other almost never.
    if (oddZeros > 0.9 * pairs && evenZeros < 0.05 * pairs) return 'utf16le';
    if (evenZeros > 0.9 * pairs && oddZeros < 0.05 * pairs) return 'utf16be';
  }
  return 'utf8';
}

/** Decodes a whole file's bytes, dropping the BOM. */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding): string {
  const label = encoding === 'utf8' ? 'utf-8' : encoding === 'utf16le' ? 'utf-16le' : 'utf-16be';
  return new TextDecoder(label, { ignoreBOM: false }).decode(bytes);
}

/** Control characters other than tab, newline, carriage return and form feed. */
function isBinaryByte(byte: number): boolean {
  return byte === 0 || (byte < 32 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12 && byte !== 27);
}

/**
 * Refuses bytes that are not text (an image, an executable, a database) before they are read as a
 * table of garbage column names. Looks at the start of the file, where every format shows itself.
 */
export function assertText(bytes: Uint8Array, file: string): void {
  const n = Math.min(bytes.length, 8192);
  let binary = 0;
  let firstAt = -1;
  for (let i = 0; i < n; i++) {
    if (isBinaryByte(bytes[i])) {
      binary++;
      if (firstAt < 0) firstAt = i;
    }
  }
  if (binary > 0 && (bytes.subarray(0, n).includes(0) || binary > n * 0.01)) {
    throw new DataError('not-a-table', `this is not a text table: it holds binary data (first at byte ${firstAt + 1})`, {
      file,
      hint: 'Choose a CSV, TSV, JSON, XLSX or Parquet file; export other files as CSV first.',
    });
  }
}
