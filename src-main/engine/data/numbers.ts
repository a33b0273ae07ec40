/** Cells that mean "no value" in common exports; they count as missing, not as bad numbers. */
const MISSING_MARKERS = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', 'nil', '-', '?', '.', '#n/a']);

export function isMissingCell(cell: string): boolean {
  if (cell.length === 0) return true;
  // Fast exit for the common case (a number) without allocating trimmed/lowered copies.
  const first = cell.charCodeAt(0);
  if ((first >= 48 && first <= 57) || cell.length > 8) return false;
  return MISSING_MARKERS.has(cell.trim().toLowerCase());
}

const PLAIN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+(\.\d{3})*(,\d+)?$/;
const INFINITY = /^([+-]?)(inf|infinity)$/i;

/**
 * Parses a number cell; NaN when it is not one. `decimalComma` is for semicolon-separated
 * (European) files where "1.234,5" means 1234.5; otherwise "1,234.5" is read with thousands separators.
 */
export function parseNumber(cell: string, decimalComma = false): number {
  const text = cell.trim();
  if (PLAIN.test(text)) return Number(text);
  const inf = INFINITY.exec(text);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  if (decimalComma) {
    if (DECIMAL_COMMA.test(text)) return Number(text.replace(/\./g, '').replace(',', '.'));
  } else if (THOUSANDS.test(text)) {
    return Number(text.replace(/,/g, ''));
  }
  return Number.NaN;
}
