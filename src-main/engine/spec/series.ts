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

/** A feature given as an object in a config file: `{ column, knownInAdvance }`. */
const FeatureEntry = z.object({ column: z.string().min(1), knownInAdvance: z.boolean().optional() }).strict();

/**
 * Config files may list features as `{ column, knownInAdvance: true }`; the document keeps names in
 * `features` and the known-in-advance ones in `knownInAdvance`, so there is one shape to edit.
 */
function featureObjectsToLists(input: unknown): unknown {
  if (!input || typeof input !== 'object' || !Array.isArray((input as { features?: unknown }).features)) return input;
  const raw = input as { features: unknown[]; knownInAdvance?: unknown };
  if (!raw.features.some((f) => typeof f === 'object' && f !== null)) return input;
  const known = Array.isArray(raw.knownInAdvance) ? [...(raw.knownInAdvance as unknown[])] : [];
  const features = raw.features.map((f) => {
    const parsed = FeatureEntry.safeParse(f);
    if (!parsed.success) return f;
    if (parsed.data.knownInAdvance && !known.includes(parsed.data.column)) known.push(parsed.data.column);
    return parsed.data.column;
  });
  return { ...raw, features, knownInAdvance: known };
}

/** Which columns of a dataset make the series, and how they are cleaned and scaled. */
const SeriesObject = z.object({
  target: z.array(z.string().min(1)).min(1, 'choose at least one target column'),
  features: z.array(z.string({ error: 'a feature is a column name or { "column": NAME, "knownInAdvance": true }' }).min(1, 'a feature needs a column name')).default([]),
  /**
   * Features whose value is known for the forecast rows themselves (future covariates: a planned
   * promotion, a holiday flag, a weather forecast). The model reads them at the rows it forecasts;
   * past the data they must be supplied, or they are held at their last value (and the output says so).
   */
  knownInAdvance: z.array(z.string().min(1)).optional(),
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
export const SeriesSpec = z.preprocess(featureObjectsToLists, SeriesObject);
export type SeriesSpec = z.infer<typeof SeriesSpec>;
export type SeriesSpecInput = z.input<typeof SeriesSpec>;

/**
 * Whether a feature column looks known in advance: a 0/1 flag (working day, holiday, promotion) is
 * usually planned, so its future values are known. Measured covariates (temperature, prices) are
 * left to the user, who knows whether a forecast of them will be at hand.
 */
export function looksKnownInAdvance(stats: { min: number | null; max: number | null; distinct: number }): boolean {
  return stats.distinct <= 2 && stats.min === 0 && stats.max === 1;
}

/** The known-in-advance list after the features change: kept where still a feature, newly added flags suggested. */
export function knownAfterFeatureChange(
  previous: { features: readonly string[]; knownInAdvance?: readonly string[] },
  features: readonly string[],
  statsOf: (column: string) => { min: number | null; max: number | null; distinct: number } | undefined,
): string[] {
  const kept = (previous.knownInAdvance ?? []).filter((name) => features.includes(name));
  const added = features.filter((name) => !previous.features.includes(name) && !kept.includes(name)).filter((name) => {
    const stats = statsOf(name);
    return stats !== undefined && looksKnownInAdvance(stats);
  });
  return [...kept, ...added];
}
