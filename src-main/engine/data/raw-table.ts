import type { DatasetIssue, SourceWord } from '../spec';

/** Cells as a parser read them, before typing: the common shape of CSV, JSON and XLSX input. */
export interface RawTable {
  /** Rows of cells, empty rows already dropped. */
  records: string[][];
  /** 1-based file line (or spreadsheet row / JSON record number) of each record. */
  lines: number[];
  /** Column names given by the format itself (JSON keys); otherwise the header is detected from records[0]. */
  header?: string[];
  /** What `lines` count: CSV/TSV file lines, spreadsheet rows, JSON/Parquet records. */
  sourceWord: SourceWord;
  /** Semicolon-separated files write decimals with a comma. */
  decimalComma: boolean;
  issues: DatasetIssue[];
}

export function isEmptyRecord(record: string[]): boolean {
  return record.every((cell) => cell.trim() === '');
}
