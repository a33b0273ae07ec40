import type { DatasetIssue, SourceWord } from '../spec';
import type { DateDetection } from './dates';

/**
 * A table as typed columns, before it is sorted and described: what every parser produces. Numbers
 * and dates live in Float64Arrays (NaN = missing or unreadable); only text columns keep strings, and
 * numeric/date columns keep the text of just the cells they could not read, for the messages.
 */
export interface NumericColumn {
  kind: 'numeric';
  values: Float64Array;
  unreadable: Map<number, string>;
}
export interface DateColumn {
  kind: 'date';
  date: DateDetection;
  values: Float64Array;
  unreadable: Map<number, string>;
  /** The first date as written, for messages. */
  example: string;
}
export interface TextColumn {
  kind: 'categorical' | 'empty';
  texts: string[];
}
export type TypedColumn = NumericColumn | DateColumn | TextColumn;

export function isTextColumn(column: TypedColumn): column is TextColumn {
  return column.kind === 'categorical' || column.kind === 'empty';
}

export interface RaggedRows {
  /** Row indices (data rows, in file order) whose cell count differs from the header's. */
  rows: number[];
  /** Cell count of each of the first rows listed (for messages). */
  cells: number[];
}

export interface ColumnarTable {
  /** Names as given (header row, JSON keys) or generated; normalised later. */
  names: string[];
  /** Whether the names came from the data (a header row or JSON keys) rather than being generated. */
  namedByFile: boolean;
  rowCount: number;
  /** File line / spreadsheet row / JSON record number of each data row. */
  lines: Int32Array;
  columns: TypedColumn[];
  sourceWord: SourceWord;
  decimalComma: boolean;
  issues: DatasetIssue[];
  ragged: RaggedRows;
}

/** A Float64Array that grows by a quarter when full (rows are counted while reading). */
export class GrowingFloat64 {
  data: Float64Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(Math.ceil(this.data.length * 1.25));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The filled part (a copy only when much capacity is unused). */
  finish(): Float64Array {
    return this.length < this.data.length * 0.9 ? this.data.slice(0, this.length) : this.data.subarray(0, this.length);
  }
}

export class GrowingInt32 {
  data: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(Math.ceil(this.data.length * 1.25));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  finish(): Int32Array {
    return this.length < this.data.length * 0.9 ? this.data.slice(0, this.length) : this.data.subarray(0, this.length);
  }
}
