import { z } from 'zod';

export const OptimizerSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sgd'), lr: z.number().positive(), momentum: z.number().min(0).max(0.999).default(0) }),
  z.object({ kind: z.literal('adam'), lr: z.number().positive() }),
  z.object({ kind: z.literal('rmsprop'), lr: z.number().positive() }),
]);
export type OptimizerSpec = z.infer<typeof OptimizerSpec>;

export const ScheduleSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant') }),
  /** lr × gamma every `every` epochs. */
  z.object({ kind: z.literal('step'), every: z.number().int().min(1), gamma: z.number().positive().max(1) }),
  /** Cosine decay from lr to lr × minFactor over all epochs. */
  z.object({ kind: z.literal('cosine'), minFactor: z.number().min(0).max(1).default(0.01) }),
  /** lr × factor after `patience` epochs without validation improvement. */
  z.object({
    kind: z.literal('plateau'),
    patience: z.number().int().min(1).default(3),
    factor: z.number().positive().max(1).default(0.5),
    minLr: z.number().min(0).default(1e-6),
  }),
]);
export type ScheduleSpec = z.infer<typeof ScheduleSpec>;

export const ClipSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('norm'), value: z.number().positive() }),
  z.object({ kind: z.literal('value'), value: z.number().positive() }),
]);
export type ClipSpec = z.infer<typeof ClipSpec>;

export const EarlyStoppingSpec = z.object({
  patience: z.number().int().min(1).default(10),
  minDelta: z.number().min(0).default(0),
  /**
   * Epochs every run trains before its best epoch is chosen: the kept model is one of these or a later
   * epoch, never the untrained network (on short, noisy validation segments the untrained network's
   * near-mean forecast can score best by chance). 0: the untrained network competes as well. A run of
   * fewer epochs than this treats its last epoch as the minimum.
   */
  minEpochs: z.number().int().min(0).max(100_000).default(0),
  /**
   * An epoch must also beat the best validation loss by this fraction of it to count (0.02: 2% lower).
   * On a short validation segment smaller gains are noise, and chasing them trains on into overfitting.
   */
  minRelativeDelta: z.number().min(0).max(0.5).default(0),
});

export const TrainSpec = z.object({
  version: z.literal(1).default(1),
  optimizer: OptimizerSpec.default({ kind: 'adam', lr: 0.003 }),
  schedule: ScheduleSpec.default({ kind: 'constant' }),
  clip: ClipSpec.default({ kind: 'norm', value: 1 }),
  batchSize: z.number().int().min(1).max(65_536).default(64),
  epochs: z.number().int().min(1).max(100_000).default(30),
  /** null turns early stopping off. */
  earlyStopping: EarlyStoppingSpec.nullable().default({ patience: 8, minDelta: 0, minEpochs: 0, minRelativeDelta: 0 }),
  seed: z.number().int().min(0).default(42),
  /**
   * After early stopping has chosen the epoch count, train a fresh model on train + validation rows for
   * that many epochs and keep it as the final model (the validation rows are the most recent history
   * before the test). Off for documents that do not say, so older runs repeat exactly.
   */
  refit: z.boolean().default(false),
  /**
   * Choose the learning-rate recipe on validation, as the epoch count is: with the epoch count chosen
   * on the last windows of the training rows, the run's own schedule and the alternative (cosine decay
   * for a constant rate, constant for a cosine one) each train on the training rows for that count,
   * and the lower validation loss picks the schedule the refit uses. Costs about two more runs.
   */
  chooseRecipe: z.boolean().default(false),
  /** Log every n-th batch to metrics.ndjson (epochs are always logged). */
  logEveryBatches: z.number().int().min(1).default(1),
});
export type TrainSpec = z.infer<typeof TrainSpec>;
export type TrainSpecInput = z.input<typeof TrainSpec>;
