import { z } from 'zod';
import { RunStatus, RunSummary, Metrics } from './run';

/** One line of metrics.ndjson and one live progress message: the same shape on disk and on the wire. */
export const BatchEvent = z.object({
  type: z.literal('batch'),
  epoch: z.number().int(),
  batch: z.number().int(),
  /** Global step counter across epochs. */
  step: z.number().int(),
  loss: z.number(),
  /** Global gradient norm before clipping. */
  gradNorm: z.number(),
  /** Gradient norm per layer (by layer name) before clipping. */
  layerGradNorms: z.record(z.string(), z.number()),
  clipped: z.boolean(),
  lr: z.number(),
  /** Seconds left in the run, estimated by the engine once a few batches are done (absent before). */
  etaSeconds: z.number().optional(),
  /** Share of the run's batches done, in [0, 1] (with the ETA: the progress bar's figure before an epoch ends). */
  fractionDone: z.number().optional(),
});
export const EpochEvent = z.object({
  type: z.literal('epoch'),
  epoch: z.number().int(),
  epochs: z.number().int(),
  trainLoss: z.number(),
  valLoss: z.number(),
  /** Validation metrics in original units. */
  valMetrics: Metrics.optional(),
  weightNorms: z.record(z.string(), z.number()),
  meanGradNorm: z.number(),
  clipEvents: z.number().int(),
  lr: z.number(),
  samplesPerSecond: z.number(),
  elapsedSeconds: z.number(),
  etaSeconds: z.number(),
  improved: z.boolean(),
});
export const WarningEvent = z.object({
  type: z.literal('warning'),
  kind: z.enum(['nan', 'exploding', 'vanishing', 'plateau', 'overfitting']),
  epoch: z.number().int(),
  step: z.number().int().optional(),
  layer: z.string().optional(),
  message: z.string(),
});
/** A new best model was kept: epoch 0 is the untrained network, saved before the first batch. */
export const CheckpointEvent = z.object({
  type: z.literal('checkpoint'),
  epoch: z.number().int(),
  valLoss: z.number(),
});
export const StatusEvent = z.object({
  type: z.literal('status'),
  status: RunStatus,
});
export const DoneEvent = z.object({
  type: z.literal('done'),
  status: RunStatus,
  message: z.string().optional(),
  summary: RunSummary.optional(),
});
/** Baselines' validation loss (in the scaled space of the training loss): reference lines for the loss chart. */
export const BaselineEvent = z.object({
  type: z.literal('baseline'),
  naiveValLoss: z.number(),
  seasonalNaiveValLoss: z.number(),
  season: z.number().int(),
});

export const TrainingEvent = z.discriminatedUnion('type', [
  BatchEvent,
  EpochEvent,
  WarningEvent,
  CheckpointEvent,
  StatusEvent,
  DoneEvent,
  BaselineEvent,
]);
export type TrainingEvent = z.infer<typeof TrainingEvent>;
export type BatchEvent = z.infer<typeof BatchEvent>;
export type EpochEvent = z.infer<typeof EpochEvent>;
export type WarningEvent = z.infer<typeof WarningEvent>;
export type DoneEvent = z.infer<typeof DoneEvent>;
export type CheckpointEvent = z.infer<typeof CheckpointEvent>;
