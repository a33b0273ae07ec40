import { z } from 'zod';
import { RowPlace } from './row-place';

export const ColumnKind = z.enum(['numeric', 'date', 'categorical', 'empty']);
export type ColumnKind = z.infer<typeof ColumnKind>;

export const ColumnStats = z.object({
  count: z.number(),
  missing: z.number(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  std: z.number().nullable(),
  distinct: z.number(),
});
export type ColumnStats = z.infer<typeof ColumnStats>;

export const ColumnInfo = z.object({
  name: z.string(),
  kind: ColumnKind,
  stats: ColumnStats,
});
export type ColumnInfo = z.infer<typeof ColumnInfo>;

/** A problem found in a file, located precisely enough for the user to fix it. */
/** A problem found in the data; where it is (row, date, file line) is a RowPlace, described by describeRow. */
export const DatasetIssue = RowPlace.extend({
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  message: z.string(),
  column: z.string().optional(),
});
export type DatasetIssue = z.infer<typeof DatasetIssue>;

export const DatasetFormat = z.enum(['csv', 'tsv', 'json', 'xlsx', 'parquet']);
export type DatasetFormat = z.infer<typeof DatasetFormat>;

export const DatasetSummary = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string().optional(),
  format: DatasetFormat,
  sha256: z.string(),
  rows: z.number().int(),
  columns: z.array(ColumnInfo),
  issues: z.array(DatasetIssue),
  /** The date column detected (if any); rows are sorted by it. */
  dateColumn: z.string().optional(),
  /**
   * The column the engine suggests forecasting: the first numeric, non-constant column that is not a
   * count of time (a monotone integer column named like index or step is time, not a target).
   */
  suggestedTarget: z.string().optional(),
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;
