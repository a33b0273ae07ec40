/**
 * Future values of a model's feature columns for a forecast past the data, read from a table the
 * user supplies (CLI `forecast --future FILE`, the Playground's Forecast upload): one row per future
 * step, starting with the row after the data's last, columns named like the features.
 *
 * Known-in-advance features are required (the model reads them at the forecast rows); other
 * features are optional (held at their last value when absent). Calendar columns come from dates.
 */
import { DataError, parseCalendarColumn, type PreparedSeries, type Table } from './data';
import type { FutureFeatures } from './predict';

/** Future rows a forecast of `steps` reads of a feature column: known-in-advance ones reach horizon − 1 further. */
export function futureRowsNeeded(prepared: PreparedSeries, column: number, steps: number): number {
  return prepared.knownColumns.includes(column) ? steps + prepared.window.horizon - 1 : steps;
}

/** The feature columns a future file must have (known in advance, not calendar). */
export function requiredFutureColumns(prepared: PreparedSeries): string[] {
  return prepared.knownColumns.map((c) => prepared.inputColumns[c]).filter((name) => !parseCalendarColumn(name));
}

export function futureFeaturesFromTable(table: Table, prepared: PreparedSeries, steps: number): FutureFeatures {
  const file = table.name;
  const features = prepared.inputColumns.slice(prepared.targets.length).filter((name) => !parseCalendarColumn(name));
  const first = `the row after the data's last (${String(prepared.x[prepared.rowCount - 1])})`;
  if (features.length === 0) {
    throw new DataError('unknown-column', 'the model has no feature columns to supply future values for', { file, hint: 'Forecast without a future-values file.' });
  }
  const missing = requiredFutureColumns(prepared).filter((name) => !table.header.includes(name));
  if (missing.length) {
    throw new DataError('unknown-column', `there is no column ${missing.map((m) => `'${m}'`).join(', ')}, which the model knows in advance and reads at the forecast rows`, {
      file,
      column: missing[0],
      hint: `Add ${missing.length === 1 ? 'that column' : 'those columns'} with one row per future step from ${first}; the file's columns are ${table.header.map((h) => `'${h}'`).join(', ')}.`,
    });
  }
  const present = features.filter((name) => table.header.includes(name));
  if (present.length === 0) {
    throw new DataError('unknown-column', `none of the model's feature columns (${features.join(', ')}) is in the file`, {
      file,
      hint: `Name the columns like the features; the file's columns are ${table.header.map((h) => `'${h}'`).join(', ')}.`,
    });
  }
  const out: FutureFeatures = {};
  for (const name of present) {
    const values = table.column(name);
    const needed = futureRowsNeeded(prepared, prepared.inputColumns.indexOf(name), steps);
    if (values.length < needed) {
      const why = needed > steps ? ` (${steps} forecast step(s) plus ${needed - steps} more: the model reads this known-in-advance column up to ${prepared.window.horizon} step(s) ahead)` : '';
      throw new DataError('too-short', `the file has ${values.length} row(s) of '${name}' but the forecast needs ${needed}${why}`, {
        file,
        column: name,
        hint: `Give one row per future step from ${first}, or forecast fewer steps.`,
      });
    }
    const bad = Array.prototype.findIndex.call(values.subarray(0, needed), (v: number) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new DataError('non-finite', `future step ${bad + 1} has no number`, { file, ...table.place(bad), column: name, hint: 'Fill every future step of the column with a number.' });
    }
    out[name] = values.subarray(0, needed);
  }
  return out;
}
