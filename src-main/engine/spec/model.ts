import { z } from 'zod';

export const CellType = z.enum(['rnn', 'lstm', 'gru']);
export type CellType = z.infer<typeof CellType>;

/**
 * many-to-one: window → next `horizon` values.
 * many-to-many: window → at every step, the next `horizon` values (sequence of the same length).
 * one-to-many: the last input vector → a sequence of `horizon` steps.
 * encoder-decoder: the encoder's final state seeds a decoder that emits `horizon` steps.
 */
export const Topology = z.enum(['many-to-one', 'many-to-many', 'one-to-many', 'encoder-decoder']);
export type Topology = z.infer<typeof Topology>;

export const Task = z.enum(['forecast']);
export type Task = z.infer<typeof Task>;

export const LayerSpec = z.object({
  units: z.number().int().min(1, 'a layer needs at least 1 unit').max(4096, 'at most 4096 units per layer'),
});
export type LayerSpec = z.infer<typeof LayerSpec>;

export const ModelSpec = z.object({
  version: z.literal(1).default(1),
  task: Task.default('forecast'),
  cell: CellType.default('lstm'),
  layers: z.array(LayerSpec).min(1, 'add at least one recurrent layer').max(8, 'at most 8 stacked layers'),
  bidirectional: z.boolean().default(false),
  dropout: z.number().min(0).max(0.9).default(0),
  recurrentDropout: z.number().min(0).max(0.9).default(0),
  l2: z.number().min(0).max(1).default(0),
  topology: Topology.default('many-to-one'),
  /**
   * Independently initialised copies of the network trained side by side in one model, the forecast
   * being their mean (a seed ensemble: averaging cancels much of each member's own error). 1 = a single
   * network, as documents that do not mention it were built.
   */
  ensemble: z.number().int('ensemble members must be a whole number').min(1, 'an ensemble needs at least 1 member').max(16, 'at most 16 ensemble members').default(1),
  /**
   * Adds a linear autoregression of the whole window (every feature at every step, plus a bias) to
   * the network's forecast, LSTNet's "highway": the network then learns what the linear model misses.
   * Many-to-one only (see linearShortcutProblem). Absent in older documents = off.
   */
  linearShortcut: z.boolean().default(false),
});
export type ModelSpec = z.infer<typeof ModelSpec>;
export type ModelSpecInput = z.input<typeof ModelSpec>;

/** Whether a topology can take the linear shortcut: it adds to the forecast made from the last state. */
export function takesLinearShortcut(topology: Topology): boolean {
  return topology === 'many-to-one';
}

/** Why a spec cannot have the linear shortcut (undefined when it can): the rule the engine and the Model view share. */
export function linearShortcutProblem(spec: { topology: Topology; linearShortcut?: boolean }): string | undefined {
  if (!spec.linearShortcut || takesLinearShortcut(spec.topology)) return undefined;
  return 'the linear shortcut adds a linear autoregression of the window to a many-to-one forecast; switch it off or use many-to-one';
}
