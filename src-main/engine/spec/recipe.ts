/**
 * Learning-rate recipes a run can choose between on validation (train.chooseRecipe), and how the
 * choice reads in the run record, the Train view and the CLI.
 */
import type { RecipeChoice } from './run';
import type { ScheduleSpec } from './train';

/** The minimum of the cosine candidate, as a fraction of the base learning rate. */
export const COSINE_CANDIDATE_MIN_FACTOR = 0.01;

/** A short name for a schedule, e.g. "constant lr", "cosine decay to 1% of lr". */
export function recipeName(schedule: ScheduleSpec): string {
  switch (schedule.kind) {
    case 'constant':
      return 'constant lr';
    case 'cosine':
      return `cosine decay to ${Number((schedule.minFactor * 100).toPrecision(3))}% of lr`;
    case 'step':
      return `lr × ${schedule.gamma} every ${schedule.every} epochs`;
    case 'plateau':
      return `lr × ${schedule.factor} after ${schedule.patience} flat epochs`;
  }
}

/**
 * The schedules tried: the run's own first, then the alternative — cosine decay for a constant rate
 * (or any other schedule), a constant rate for a cosine one.
 */
export function recipeCandidates(own: ScheduleSpec): ScheduleSpec[] {
  const alternative: ScheduleSpec = own.kind === 'cosine' ? { kind: 'constant' } : { kind: 'cosine', minFactor: COSINE_CANDIDATE_MIN_FACTOR };
  return [own, alternative];
}

const loss = (v: number | null): string => (v === null ? 'no finite loss' : `val loss ${Number(v.toPrecision(4))}`);

/** One line: which recipe won and every candidate's validation score. */
export function describeRecipeChoice(choice: RecipeChoice): string {
  const scores = choice.candidates.map((c) => `${c.name}: ${loss(c.valLoss)} (best epoch ${c.bestEpoch})`).join('; ');
  return `recipe chosen on validation: ${choice.chosen} (${scores})`;
}
