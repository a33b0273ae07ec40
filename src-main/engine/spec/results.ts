import { z } from 'zod';
import { Metrics } from './run';
import { SeriesRowPlace } from './row-place';

/** What the engine hands back about a model and its forecasts: the contract carries these as they are. */

export const LayerShape = z.object({
  name: z.string(),
  kind: z.string(),
  /** Output shape with the batch dimension as null, e.g. [null, 48, 64]. */
  outputShape: z.array(z.number().nullable()),
  params: z.number().int(),
});

export const ModelDescription = z.object({
  layers: z.array(LayerShape),
  totalParams: z.number().int(),
  inputShape: z.array(z.number().nullable()),
  outputShape: z.array(z.number().nullable()),
});
export type ModelDescription = z.infer<typeof ModelDescription>;

export const Forecast = z.object({
  runId: z.string().min(1),
  /** x of each target point (ISO date or row index). */
  x: z.array(z.union([z.string(), z.number()])),
  /** Row index of each target point: what `predict.rollout`'s `at` takes when x are dates. Optional so older backends still validate. */
  index: z.array(z.number().int()).optional(),
  /** Table row (1-based, as the Rows preview numbers it) of each point: what "From row" shows. */
  rows: z.array(z.number().int()).optional(),
  /** Where a rollout may start (first, last) and where it starts by default (the row before the test period). */
  rollFrom: z.object({ first: SeriesRowPlace, last: SeriesRowPlace, start: SeriesRowPlace }).optional(),
  targets: z.array(z.string()),
  /** [point][target] in original units. */
  actual: z.array(z.array(z.number())),
  predicted: z.array(z.array(z.number())),
  naive: z.array(z.array(z.number())),
  seasonalNaive: z.array(z.array(z.number())),
  metrics: z.object({ model: Metrics, naive: Metrics, seasonalNaive: Metrics }),
});
export type Forecast = z.infer<typeof Forecast>;

export const Rollout = z.object({
  /** The input window as used (original units, [step][column]). */
  input: z.array(z.array(z.number())),
  inputColumns: z.array(z.string()),
  /** Predicted future [step][target] in original units. */
  predicted: z.array(z.array(z.number())),
  targets: z.array(z.string()),
  x: z.array(z.union([z.string(), z.number()])),
  /** How feature columns were fed over the predicted rows (actual values, calendar, held), in words. */
  features: z.string().optional(),
  /** The row the rollout starts from (its window's last row); `note` says when a dropped row was asked for and the next kept row used. */
  from: SeriesRowPlace.extend({ note: z.string().optional() }).optional(),
});
export type Rollout = z.infer<typeof Rollout>;

export const CellComparisonRow = z.object({
  runId: z.string().min(1),
  cell: z.string(),
  params: z.number().int(),
  secondsPerEpoch: z.number(),
  epochsToBest: z.number().int(),
  bestValLoss: z.number(),
  test: Metrics,
  naive: Metrics,
  seasonalNaive: Metrics,
  gradientHealth: z.string(),
});

export const CellComparison = z.object({
  group: z.string().min(1),
  status: z.enum(['running', 'completed', 'cancelled', 'failed']),
  rows: z.array(CellComparisonRow),
  markdown: z.string(),
  csv: z.string(),
});
export type CellComparison = z.infer<typeof CellComparison>;
