import { z } from 'zod';
import type { CellType } from './model';
import type { BackendName } from './run';

/**
 * Which implementation computes a model's recurrent layers: TensorFlow's fused kernels (native
 * backend), the unrolled recurrence with fewer ops (every other backend, and the LSTM with recurrent
 * dropout, which BlockLSTMV2 cannot mask per step), or the stock tfjs layers (tests only).
 */
export const RecurrentCoreId = z.enum(['tensorflow-fused', 'fast-unrolled', 'tfjs-layers']);
export type RecurrentCoreId = z.infer<typeof RecurrentCoreId>;

/**
 * How the fused core computes a SimpleRNN or GRU: RNN Studio's own native addon (the whole recurrence in
 * one call per layer direction), or TensorFlow ops per step (SimpleRNN: matmul and tanh; GRU:
 * GRUBlockCell) when the addon is not built, does not load, or predates the cell's kernels.
 */
export const RecurrentKernel = z.enum(['rnn-studio-addon', 'tensorflow-ops']);
export type RecurrentKernel = z.infer<typeof RecurrentKernel>;

const CELL_NAMES: Record<CellType, string> = { rnn: 'SimpleRNN', lstm: 'LSTM', gru: 'GRU' };

/** "GRU: rnn-studio-addon": the kernel under a cell's recurrence, as the CLI and the run details show it. */
export function recurrentKernelNote(cell: CellType, kernel: RecurrentKernel): string {
  return `${CELL_NAMES[cell]}: ${kernel}`;
}

/** Whether the fused kernels compute a layer of this cell with this recurrent dropout. */
export function fusedCoreCovers(cell: CellType, recurrentDropout: number): boolean {
  return !(cell === 'lstm' && recurrentDropout > 0);
}

/**
 * The core a training run on `backend` uses for a model with this cell and recurrent dropout; `requested`
 * is a core asked for by name (RNN_STUDIO_RECURRENT_CORE), where the backend can run it.
 */
export function recurrentCoreFor(backend: BackendName, model: { cell: CellType; recurrentDropout: number }, requested?: RecurrentCoreId): RecurrentCoreId {
  if (requested === 'fast-unrolled' || requested === 'tfjs-layers') return requested;
  return backend === 'tensorflow' && fusedCoreCovers(model.cell, model.recurrentDropout) ? 'tensorflow-fused' : 'fast-unrolled';
}
