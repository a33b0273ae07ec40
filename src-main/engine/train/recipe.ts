/**
 * The decision of train.chooseRecipe: of the recipes trained on the training rows, keep the one whose
 * best validation loss is lowest — the same evidence that picks the epoch count.
 */
import type { RecipeScore } from '../spec';

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
