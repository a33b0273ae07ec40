import { z } from 'zod';
import { CalendarFeature, MissingPolicy, ScalerKind, SplitSpec, Topology, WindowSpec } from '../spec';

/** A transform with its fitted parameters, as applied to one target column. */
export const FittedTransform = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('log') }),
  z.object({ kind: z.literal('boxcox'), lambda: z.number() }),
  z.object({ kind: z.literal('diff') }),
  z.object({ kind: z.literal('seasonalDiff'), period: z.number().int().min(2) }),
]);
export type FittedTransform = z.infer<typeof FittedTransform>;

/** scaled = (value − offset) / scale, fitted on the training rows only. */
export const ScalerParams = z.object({
  column: z.string(),
  kind: ScalerKind,
  offset: z.number(),
  scale: z.number(),
});
export type ScalerParams = z.infer<typeof ScalerParams>;

const Range = z.object({ start: z.number().int(), end: z.number().int() });

/**
 * Everything needed to turn a table into model inputs and model outputs back into original units,
 * exactly as during training (saved next to the model as preprocessing.json).
 */
export const PreprocessingRecord = z.object({
  version: z.literal(1),
  dataset: z.object({ name: z.string(), sha256: z.string(), rows: z.number().int() }),
  targets: z.array(z.string()).min(1),
  features: z.array(z.string()),
  /** Calendar covariates computed from the date column (their columns follow the features). */
  calendar: z.array(CalendarFeature).optional(),
  /** Targets first, then features, then calendar columns: the model's input feature order. */
  inputColumns: z.array(z.string()).min(1),
  /**
   * Input columns read at the forecast rows (row r of the window holds row r + horizon): features
   * marked known in advance, then calendar columns. Absent in records made before they existed.
   */
  knownInAdvance: z.array(z.string()).optional(),
  dateColumn: z.string().optional(),
  missing: MissingPolicy,
  /** Per target column, the transforms applied in order (undone in reverse). */
  transforms: z.array(z.object({ column: z.string(), steps: z.array(FittedTransform) })),
  /** One per input column, same order as inputColumns. */
  scalers: z.array(ScalerParams),
  window: WindowSpec,
  topology: Topology,
  split: SplitSpec,
  /** Rows after missing-value repair, and the resulting segments (see PreparedSeries.segments). */
  rowCount: z.number().int(),
  warmupRows: z.number().int(),
  segments: z.object({ train: Range, val: Range, test: Range }),
});
export type PreprocessingRecord = z.infer<typeof PreprocessingRecord>;
