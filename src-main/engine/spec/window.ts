import { z } from 'zod';

/** How the series is cut into training examples. */
export const WindowSpec = z.object({
  /** Past steps the model sees. */
  lookback: z.number().int().min(1).max(10_000),
  /** Future steps the model predicts. */
  horizon: z.number().int().min(1).max(1_000).default(1),
  /** Step between consecutive windows. */
  stride: z.number().int().min(1).default(1),
});
export type WindowSpec = z.infer<typeof WindowSpec>;
