import type { ColumnKind } from '../spec';
import { detectDateFormat, type DateDetection } from './dates';
import { isMissingCell, parseNumber } from './numbers';

export interface ColumnTyping {
  kind: ColumnKind;
  /** Set for date columns. */
  date?: DateDetection;
}

/** Share of non-missing cells that must be numbers for a column to count as numeric (the rest are reported). */
export const NUMERIC_SHARE = 0.5;

/** How many cells decide a column's type: the start of the file plus an even spread over the rest. */
export const TYPE_SAMPLE = 4000;

/** The cells that decide a column's type; every cell is still checked (and reported) afterwards. */
export function typingSample(cells: string[], size = TYPE_SAMPLE): string[] {
  if (cells.length <= size) return cells;
  const head = size / 2;
  const stride = (cells.length - head) / (size - head);
  const spread = Array.from({ length: size - head }, (_, i) => cells[head + Math.floor(i * stride)]);
  return [...cells.slice(0, head), ...spread];
}

/** Decides whether a column holds dates, numbers, categories or nothing. Dates win over numbers only for unix times in a time-named column. */
export function classifyColumn(name: string, cells: string[], decimalComma: boolean): ColumnTyping {
  const present = typingSample(cells).filter((cell) => !isMissingCell(cell));
  if (present.length === 0) return cells.every(isMissingCell) ? { kind: 'empty' } : classifyColumn(name, cells.filter((cell) => !isMissingCell(cell)), decimalComma);
  const date = detectDateFormat(present, name);
  if (date) return { kind: 'date', date };
  const numbers = present.filter((cell) => !Number.isNaN(parseNumber(cell, decimalComma))).length;
  return { kind: numbers / present.length > NUMERIC_SHARE ? 'numeric' : 'categorical' };
}
