/**
 * The decision of train.chooseRecipe: of the recipes trained on the training rows, keep the one whose
 * best validation loss is lowest — the same evidence that picks the epoch count.
 */
import type { RecipeScore } from '../spec';
import type { TrainingBatch } from './types';

/**
 * Index of the winning candidate. A later candidate must beat the earlier best by `minRelativeGain`
 * of its loss (the run's own early-stopping margin), so a tie or noise keeps the run's own recipe
 * (the first). A candidate without a finite loss never wins; if none has one, the first is kept.
 */
export function chooseRecipe(candidates: readonly Pick<RecipeScore, 'valLoss'>[], minRelativeGain = 0): number {
  if (candidates.length === 0) throw new Error('chooseRecipe needs at least one candidate');
  let best = 0;
  for (let i = 1; i < candidates.length; i++) {
    const loss = candidates[i].valLoss;
    if (loss === null || !Number.isFinite(loss)) continue;
    const incumbent = candidates[best].valLoss;
    if (incumbent === null || !Number.isFinite(incumbent) || loss < incumbent * (1 - minRelativeGain)) best = i;
  }
  return best;
}

/** Share of the training windows that choose the epoch count for the recipe comparison. */
export const INNER_VALIDATION_SHARE = 0.15;

/** The windows before the last `share` of them (at least one on each side) and those last ones. */
export function splitLastWindows(batch: TrainingBatch, share: number): { head: TrainingBatch; tail: TrainingBatch } {
  if (batch.count < 2) throw new Error(`cannot split ${batch.count} training window(s) for an inner validation`);
  const tailCount = Math.min(batch.count - 1, Math.max(1, Math.round(batch.count * share)));
  const headCount = batch.count - tailCount;
  const xSize = batch.xShape[1] * batch.xShape[2];
  const ySize = batch.y.length / batch.count;
  const part = (from: number, count: number): TrainingBatch => ({
    count,
    x: batch.x.slice(from * xSize, (from + count) * xSize),
    xShape: [count, batch.xShape[1], batch.xShape[2]],
    y: batch.y.slice(from * ySize, (from + count) * ySize),
    yShape: [count, ...batch.yShape.slice(1)],
  });
  return { head: part(0, headCount), tail: part(headCount, tailCount) };
}
