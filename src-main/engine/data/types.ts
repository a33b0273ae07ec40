import type { DatasetFormat, DatasetSummary, RowPlace, Topology, WindowSpec } from '../spec';
import type { DateFormat } from './dates';
import type { PreprocessingRecord } from './preprocessing-record';

/** A loaded dataset: the raw cells as read plus what was learned about them. */
export interface Table {
  name: string;
  path?: string;
  format: DatasetFormat;
  sha256: string;
  header: string[];
  rowCount: number;
  /**
   * Every row's cells as text (numbers and dates as read, unreadable cells as written), sorted by date
   * when a date column exists. Built on first use: large tables should page with rowCells.
   */
  readonly rows: string[][];
  /** One row's cells as text, in header order. */
  rowCells(row: number): string[];
  /** Where each row came from (same order as rows): 1-based file line, spreadsheet row or JSON record number. */
  lines: ArrayLike<number>;
  /** Where the row at a 0-based index is (data row, date, file line): what every message locating a row says. */
  place(index: number): RowPlace;
  summary: DatasetSummary;
  /** Numeric values of a column (epoch ms for a date column), NaN where missing or unparsable. Throws DataError for unknown names. */
  column(name: string): Float64Array;
  /** Epoch ms of the detected date column, same order as rows (NaN for unparsable cells). */
  dates?: Float64Array;
  /** How each date column is written (for labels): 'ymd', 'year-month', 'dmy', 'mdy', 'unix-s', 'unix-ms'. */
  dateFormats?: Record<string, DateFormat>;
}

export interface LoadOptions {
  /** Called with 0..1 while the file is read and parsed. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export type SegmentName = 'train' | 'val' | 'test';
/** Half-open range [start, end) of rows. */
export interface RowRange {
  start: number;
  end: number;
}

/** Model-ready windows of one segment, scaled; row-major Float32Arrays. */
export interface WindowBatch {
  count: number;
  /** [n, lookback, F]: F = input columns (targets first, then features). */
  x: Float32Array;
  xShape: [number, number, number];
  /**
   * many-to-one, one-to-many, encoder-decoder: [n, horizon, T].
   * many-to-many: [n, lookback, horizon*T] where the last axis is laid out [h][target]: at input step i,
   * entry h*T + t is target t at row (input row of step i) + 1 + h.
   */
  y: Float32Array;
  yShape: number[];
  /** Row index of each window's last input step. */
  endRows: Int32Array;
}

/** A series cleaned, transformed, scaled and split, ready to be cut into windows. */
export interface PreparedSeries {
  targets: string[];
  /** Targets first, then features, then calendar columns. */
  inputColumns: string[];
  rowCount: number;
  /** Per row: ISO date (when a date column is used) or the row's index in the table. */
  x: (string | number)[];
  /** Per row: index into table.rows (differs from the row index when the 'drop' policy removed rows). */
  tableRows: Int32Array;
  /** Per input column, original units after missing-value repair. */
  original: Float64Array[];
  /** Rows at the start lost to differencing: the first window's first input row. */
  warmupRows: number;
  window: WindowSpec;
  topology: Topology;
  /**
   * Rows whose forecast points belong to each segment. A window belongs to a segment when all its
   * forecast rows (endRow+1 … endRow+horizon) lie in the segment; its inputs may come from earlier rows.
   */
  segments: Record<SegmentName, RowRange>;
  windows(segment: SegmentName): WindowBatch;
  /** [lookback, F] scaled model input for the window whose last input row is endRow. */
  windowEndingAt(endRow: number): Float32Array;
  /**
   * Scales a window given in original units ([step][inputColumn]) as if its last row were endRow.
   * When targets are differenced, the rows before the window come from the data; rollouts past the
   * end of the data pass `warmupRows` extra leading rows so the window carries its own history.
   */
  scaleWindow(original: number[][], endRow: number, ahead?: number[][]): Float32Array;
  /**
   * Indices of input columns known in advance: the model reads them at the forecast rows, so
   * scaleWindow takes their values for rows endRow+1 … endRow+horizon from `ahead` ([h][inputColumn];
   * other columns ignored), else from the data, else held at the window's last value.
   */
  knownColumns: number[];
  /**
   * Model output ([h][target], scaled) → original units, undoing scaling then transforms. Differencing
   * is undone from the actual target values up to endRow, or from `history` ([step][target], original
   * units, ending at endRow) when given — for rollouts past the end of the data.
   */
  toOriginal(endRow: number, scaled: number[][], history?: number[][]): number[][];
  preprocessing: PreprocessingRecord;
}
