/**
 * Turns a sweep spec (field → candidate values) into the list of trial configs: the full grid, or a
 * seeded random sample of distinct grid points. Pure, so the same spec and seed always give the
 * same trials in the same order.
 */
import type { z } from 'zod';
import { apiError, type SweepField, type SweepSpec } from '../common/contract';
import { RunConfig, CellType } from '../engine/spec';
import { createRng } from '../engine/model';

type Field = z.infer<typeof SweepField>;
export type TrialValues = Partial<Record<Field, number | string>>;
export interface SweepTrial {
  values: TrialValues;
  config: RunConfig;
}

/** Fixed order so trial lists do not depend on the order keys arrived in. */
const FIELD_ORDER: Field[] = ['cell', 'layers', 'units', 'lookback', 'lr', 'dropout'];
export const MAX_TRIALS = 200;

export function planSweep(base: RunConfig, sweep: SweepSpec): SweepTrial[] {
  const axes = FIELD_ORDER.filter((field) => sweep.space[field]?.length).map((field) => ({ field, values: sweep.space[field] ?? [] }));
  if (axes.length === 0) throw apiError('bad_input', 'the sweep has no fields to vary: give at least one of cell, units, layers, lookback, lr, dropout', 'sweep.space');
  const gridSize = axes.reduce((n, axis) => n * axis.values.length, 1);
  let picks: number[];
  if (sweep.mode === 'grid') {
    if (gridSize > MAX_TRIALS) {
      throw apiError('bad_input', `the grid has ${gridSize} combinations, more than ${MAX_TRIALS}: use fewer values or random mode`, 'sweep.space');
    }
    picks = Array.from({ length: gridSize }, (_, i) => i);
  } else {
    picks = sampleDistinct(gridSize, Math.min(sweep.trials, gridSize), base.train.seed);
  }
  return picks.map((pick) => {
    const values = decodeGridPoint(axes, pick);
    return { values, config: applyTrial(base, values) };
  });
}

/** Mixed-radix decoding: grid index → one value per axis (the last axis varies fastest). */
function decodeGridPoint(axes: { field: Field; values: (number | string)[] }[], index: number): TrialValues {
  const values: TrialValues = {};
  let rest = index;
  for (let a = axes.length - 1; a >= 0; a--) {
    const axis = axes[a];
    values[axis.field] = axis.values[rest % axis.values.length];
    rest = Math.floor(rest / axis.values.length);
  }
  return values;
}

/** A sparse Fisher–Yates shuffle: `count` distinct indices from [0, total) without materialising huge grids. */
function sampleDistinct(total: number, count: number, seed: number): number[] {
  const random = createRng(seed).next;
  const swapped = new Map<number, number>();
  const picks: number[] = [];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (total - i));
    const atJ = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    picks.push(atJ);
  }
  return picks;
}

/** The base config with one trial's values put in place, validated like any other config. */
export function applyTrial(base: RunConfig, values: TrialValues): RunConfig {
  const config = structuredClone(base) as RunConfig;
  if (values.cell !== undefined) {
    const cell = CellType.safeParse(values.cell);
    if (!cell.success) throw apiError('bad_input', `sweep value '${values.cell}' is not a cell type (rnn, lstm or gru)`, 'sweep.space.cell');
    config.model.cell = cell.data;
  }
  if (values.layers !== undefined) {
    const count = numberFor('layers', values.layers);
    const units = config.model.layers[0]?.units ?? 32;
    config.model.layers = Array.from({ length: count }, () => ({ units }));
  }
  if (values.units !== undefined) {
    const units = numberFor('units', values.units);
    config.model.layers = config.model.layers.map(() => ({ units }));
  }
  if (values.lookback !== undefined) config.window.lookback = numberFor('lookback', values.lookback);
  if (values.lr !== undefined) config.train.optimizer = { ...config.train.optimizer, lr: numberFor('lr', values.lr) };
  if (values.dropout !== undefined) config.model.dropout = numberFor('dropout', values.dropout);
  const trialName = Object.entries(values)
    .map(([field, value]) => `${field}=${value}`)
    .join(' ');
  config.name = `${base.name ? base.name + ' ' : ''}${trialName}`.slice(0, 200);
  const parsed = RunConfig.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw apiError('bad_input', `sweep trial ${trialName}: ${issue.path.join('.')}: ${issue.message}`, `sweep.space`);
  }
  return parsed.data;
}

function numberFor(field: Field, value: number | string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw apiError('bad_input', `sweep value '${value}' for ${field} is not a number`, `sweep.space.${field}`);
  return n;
}
