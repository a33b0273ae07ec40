import { z } from 'zod';

/** How gaps (empty or unparsable cells in a used column) are repaired before windowing. */
export const MissingPolicy = z.enum(['drop', 'ffill', 'interpolate']);
export type MissingPolicy = z.infer<typeof MissingPolicy>;

/** Invertible transforms, applied to target columns in order and undone in reverse for metrics. */
export const TransformSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('log') }),
  /** Box-Cox; lambda is fitted on the training segment when omitted. */
  z.object({ kind: z.literal('boxcox'), lambda: z.number().optional() }),
  z.object({ kind: z.literal('diff') }),
  z.object({ kind: z.literal('seasonalDiff'), period: z.number().int().min(2) }),
]);
export type TransformSpec = z.infer<typeof TransformSpec>;

export const ScalerKind = z.enum(['standard', 'minmax', 'none']);
export type ScalerKind = z.infer<typeof ScalerKind>;

/**
 * Chronological split. Values below 1 are fractions of the windowable rows, values of 1 or more
 * are row counts. Train is what remains before validation, which comes before test.
 */
export const SplitSpec = z.object({
  val: z.number().positive().default(0.15),
  test: z.number().positive().default(0.15),
});
export type SplitSpec = z.infer<typeof SplitSpec>;

/**
 * Calendar covariates made from the date column, each as a sin/cos pair so December sits next to
 * January. They are known for future dates, so rollouts and forecasts use their true values.
 */
export const CalendarFeature = z.enum(['hourOfDay', 'dayOfWeek', 'dayOfYear', 'month']);
export type CalendarFeature = z.infer<typeof CalendarFeature>;

/** Which columns of a dataset make the series, and how they are cleaned and scaled. */
export const SeriesSpec = z.object({
  target: z.array(z.string().min(1)).min(1, 'choose at least one target column'),
  features: z.array(z.string().min(1)).default([]),
  /** Calendar covariates from the date column (added after the features as input columns). */
  calendar: z.array(CalendarFeature).optional(),
  date: z.string().min(1).optional(),
  missing: MissingPolicy.default('interpolate'),
  transforms: z.array(TransformSpec).default([]),
  scaler: ScalerKind.default('standard'),
  split: SplitSpec.default({ val: 0.15, test: 0.15 }),
  /** Seasonal period for seasonal naive and MASE; detected from autocorrelation when omitted. */
  season: z.number().int().min(2).optional(),
});
export type SeriesSpec = z.infer<typeof SeriesSpec>;
export type SeriesSpecInput = z.input<typeof SeriesSpec>;
