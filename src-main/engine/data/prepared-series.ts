import { describeRow, rowNumber, type Topology, type WindowSpec } from '../spec';
import { DataError } from './data-error';
import type { PreprocessingRecord, FittedTransform, ScalerParams } from './preprocessing-record';
import { scaleValue, unscaleValue } from './scaler';
import { applyChain, invertChain } from './transforms';
import type { PreparedSeries, RowRange, SegmentName, WindowBatch } from './types';
import { buildWindows, windowEndRows, writeInput } from './windowing';

export interface PreparedParts {
  file: string;
  targets: string[];
  inputColumns: string[];
  x: (string | number)[];
  tableRows: Int32Array;
  original: Float64Array[];
  /** Per input column: transformed (targets) and scaled; NaN in the warm-up rows of differenced targets. */
  scaled: Float64Array[];
  warmupRows: number;
  window: WindowSpec;
  topology: Topology;
  segments: Record<SegmentName, RowRange>;
  preprocessing: PreprocessingRecord;
}

/** The prepared series: owns the scaled columns and knows how to go between original and model units. */
/**
 * A series row (0-based) in the one row numbering users see: the table's 1-based row (rows dropped
 * for missing values keep their table numbers) and its date, e.g. "row 120 (1958-12)".
 */
export function describeSeriesRow(series: Pick<PreparedSeries, 'x' | 'tableRows'>, row: number): string {
  const inData = Number.isInteger(row) && row >= 0 && row < series.tableRows.length;
  const date = inData ? series.x[row] : undefined;
  return describeRow({ row: rowNumber(inData ? series.tableRows[row] : row), date: typeof date === 'string' ? date : undefined });
}

export class PreparedSeriesData implements PreparedSeries {
  readonly targets: string[];
  readonly inputColumns: string[];
  readonly rowCount: number;
  readonly x: (string | number)[];
  readonly tableRows: Int32Array;
  readonly original: Float64Array[];
  readonly warmupRows: number;
  readonly window: WindowSpec;
  readonly topology: Topology;
  readonly segments: Record<SegmentName, RowRange>;
  readonly preprocessing: PreprocessingRecord;
  private readonly scaled: Float64Array[];
  private readonly file: string;
  private readonly steps: FittedTransform[][];
  private readonly scalers: ScalerParams[];
  /** Indices of the input columns read at the forecast rows (see leadColumn). */
  readonly knownColumns: number[];

  constructor(parts: PreparedParts) {
    this.file = parts.file;
    this.targets = parts.targets;
    this.inputColumns = parts.inputColumns;
    this.rowCount = parts.original[0].length;
    this.x = parts.x;
    this.tableRows = parts.tableRows;
    this.original = parts.original;
    this.scaled = parts.scaled;
    this.warmupRows = parts.warmupRows;
    this.window = parts.window;
    this.topology = parts.topology;
    this.segments = parts.segments;
    this.preprocessing = parts.preprocessing;
    this.scalers = parts.preprocessing.scalers;
    const known = parts.preprocessing.knownInAdvance ?? [];
    this.knownColumns = parts.inputColumns.flatMap((name, c) => (known.includes(name) ? [c] : []));
    this.steps = parts.targets.map((t) => parts.preprocessing.transforms.find((tr) => tr.column === t)?.steps ?? []);
  }

  windows(segment: SegmentName): WindowBatch {
    const range = this.segments[segment];
    const endRows = windowEndRows(range, this.window.horizon, this.window.stride);
    return buildWindows(this.scaled, this.targets.length, endRows, { ...this.window, topology: this.topology });
  }

  private checkEndRow(endRow: number, needsData: boolean): void {
    const first = this.warmupRows + this.window.lookback - 1;
    const last = needsData ? this.rowCount - 1 : Number.POSITIVE_INFINITY;
    if (!Number.isInteger(endRow) || endRow < first || endRow > last) {
      const upper = needsData ? ` and ${describeSeriesRow(this, last)}` : '';
      throw new DataError('bad-window', `a window cannot end at ${describeSeriesRow(this, endRow)}; with lookback ${this.window.lookback}${this.warmupRows ? ` and ${this.warmupRows} row(s) used up by differencing` : ''} it must end between ${describeSeriesRow(this, first)}${upper}`, { file: this.file });
    }
  }

  windowEndingAt(endRow: number): Float32Array {
    this.checkEndRow(endRow, true);
    const lead = this.knownColumns.length ? this.window.horizon : 0;
    if (endRow + lead >= this.rowCount) {
      throw new DataError('bad-window', `the window ending at ${describeSeriesRow(this, endRow)} needs known-in-advance values for rows up to ${rowNumber(endRow + lead)}, past the data's last row (${describeSeriesRow(this, this.rowCount - 1)})`, {
        file: this.file,
        hint: 'Forecast past the data with a rollout, which takes supplied future values.',
      });
    }
    const out = new Float32Array(this.window.lookback * this.inputColumns.length);
    writeInput(this.scaled, endRow, this.window.lookback, out, 0);
    return out;
  }

  /** Original values of one input column for rows [from, to). */
  private history(column: number, from: number, to: number): number[] {
    // A window that carries its own warm-up rows needs none from the data (a rollout past its end).
    if (from >= to) return [];
    if (from < 0 || to > this.rowCount) {
      throw new DataError('bad-window', `rows ${from}…${to - 1} are needed as history for differencing but the data has rows 0…${this.rowCount - 1}`, {
        file: this.file,
        column: this.inputColumns[column],
        hint: `Pass ${this.warmupRows} extra leading row(s) with the window.`,
      });
    }
    return Array.from(this.original[column].subarray(from, to));
  }

  /**
   * Known-in-advance column c at the H rows after endRow: `ahead` when given, else the data's rows
   * while it has them, else held at the window's last value.
   */
  private aheadValue(c: number, h: number, endRow: number, window: number[][], ahead?: number[][]): number {
    const given = ahead?.[h]?.[c];
    if (given !== undefined) return given;
    const row = endRow + 1 + h;
    if (row >= 0 && row < this.rowCount) return this.original[c][row];
    return window[window.length - 1][c];
  }

  scaleWindow(original: number[][], endRow: number, ahead?: number[][]): Float32Array {
    const { lookback, horizon } = this.window;
    const features = this.inputColumns.length;
    if (original.length < lookback) {
      throw new DataError('bad-window', `the window has ${original.length} rows but the model looks back ${lookback}`, { file: this.file, hint: `Give ${lookback} rows of ${features} values (${this.inputColumns.join(', ')}).` });
    }
    const badRow = original.findIndex((row) => row.length !== features);
    if (badRow >= 0) {
      throw new DataError('bad-window', `window row ${badRow + 1} has ${original[badRow].length} values, expected ${features} (${this.inputColumns.join(', ')})`, { file: this.file });
    }
    this.checkEndRow(endRow, false);
    const extra = original.length - lookback;
    const start = endRow - lookback + 1;
    const out = new Float32Array(lookback * features);
    for (let f = 0; f < features; f++) {
      const given = original.map((row) => row[f]);
      let values: ArrayLike<number> = given.slice(extra);
      if (this.knownColumns.includes(f)) {
        // Read at the forecast rows: the window's rows shifted by the horizon (see leadColumn).
        const future = Array.from({ length: horizon }, (_, h) => this.aheadValue(f, h, endRow, original, ahead));
        values = [...given.slice(extra), ...future].slice(horizon);
      }
      if (f < this.targets.length && this.steps[f].length) {
        const missing = Math.max(0, this.warmupRows - extra);
        const sequence = Float64Array.from([...this.history(f, start - extra - missing, start - extra), ...given]);
        const stages = applyChain(sequence, this.steps[f]);
        values = stages[stages.length - 1].subarray(sequence.length - lookback);
      }
      for (let step = 0; step < lookback; step++) {
        const scaled = scaleValue(values[step], this.scalers[f]);
        if (!Number.isFinite(scaled)) {
          throw new DataError('non-finite', `window row ${step + extra + 1} (${values[step]}) cannot be transformed and scaled`, { file: this.file, column: this.inputColumns[f], hint: 'Log and Box-Cox need values above 0.' });
        }
        out[step * features + f] = scaled;
      }
    }
    return out;
  }

  toOriginal(endRow: number, scaled: number[][], history?: number[][]): number[][] {
    const targets = this.targets.length;
    const badRow = scaled.findIndex((row) => row.length < targets);
    if (badRow >= 0) throw new DataError('bad-window', `model output row ${badRow + 1} has ${scaled[badRow].length} values, expected ${targets}`, { file: this.file });
    const perTarget = this.targets.map((_, t) => {
      const future = scaled.map((row) => unscaleValue(row[t], this.scalers[t]));
      if (this.warmupRows === 0 || this.steps[t].length === 0) return invertChain(new Float64Array(0), future, this.steps[t]);
      let past: Float64Array;
      if (history) {
        if (history.length < this.warmupRows) {
          throw new DataError('bad-window', `undoing differencing needs the last ${this.warmupRows} target value(s) before the forecast, got ${history.length}`, { file: this.file, column: this.targets[t] });
        }
        past = Float64Array.from(history.slice(history.length - this.warmupRows), (row) => row[t]);
      } else {
        this.checkEndRow(endRow, true);
        past = Float64Array.from(this.history(t, endRow - this.warmupRows + 1, endRow + 1));
      }
      return invertChain(past, future, this.steps[t]);
    });
    return scaled.map((_, h) => perTarget.map((values) => values[h]));
  }
}
