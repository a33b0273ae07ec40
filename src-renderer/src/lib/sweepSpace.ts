import type { SweepSpec } from '@common/contract';
import type { RunConfig } from '@engine-spec/run';

export type SweepFieldName = 'cell' | 'units' | 'layers' | 'lookback' | 'lr' | 'dropout';

interface FieldRule {
  label: string;
  kind: 'cell' | 'int' | 'float';
  min: number;
  max: number;
}

/** What each sweepable field accepts, mirroring the spec schemas' bounds. */
export const SWEEP_FIELDS: Record<SweepFieldName, FieldRule> = {
  cell: { label: 'Cell', kind: 'cell', min: 0, max: 0 },
  units: { label: 'Units per layer', kind: 'int', min: 1, max: 4096 },
  layers: { label: 'Layers', kind: 'int', min: 1, max: 8 },
  lookback: { label: 'Lookback', kind: 'int', min: 1, max: 10_000 },
  lr: { label: 'Learning rate', kind: 'float', min: Number.MIN_VALUE, max: 10 },
  dropout: { label: 'Dropout', kind: 'float', min: 0, max: 0.9 },
};
export const SWEEP_FIELD_NAMES = Object.keys(SWEEP_FIELDS) as SweepFieldName[];
const CELLS = ['rnn', 'lstm', 'gru'];

/**
 * Parses one field's candidate list as typed ("16, 32 64" or "lstm gru"). Throws an Error naming
 * the field and the offending value.
 */
export function parseCandidates(field: SweepFieldName, text: string): Array<number | string> {
  const rule = SWEEP_FIELDS[field];
  const parts = text.split(/[\s,;]+/).filter((p) => p.length > 0);
  const values: Array<number | string> = [];
  for (const part of parts) {
    if (rule.kind === 'cell') {
      const cell = part.toLowerCase();
      if (!CELLS.includes(cell)) throw new Error(`${rule.label}: "${part}" is not a cell; use rnn, lstm or gru`);
      if (!values.includes(cell)) values.push(cell);
      continue;
    }
    const n = Number(part);
    if (!Number.isFinite(n)) throw new Error(`${rule.label}: "${part}" is not a number`);
    if (rule.kind === 'int' && !Number.isInteger(n)) throw new Error(`${rule.label}: "${part}" must be a whole number`);
    if (n < rule.min || n > rule.max) {
      throw new Error(`${rule.label}: ${part} is outside ${rule.kind === 'float' && rule.min < 1e-300 ? '(0' : '[' + rule.min}, ${rule.max}]`);
    }
    if (!values.includes(n)) values.push(n);
  }
  return values;
}

/** Builds the sweep's search space from the fields the user ticked; errors say which field. */
export function buildSweepSpace(enabled: Partial<Record<SweepFieldName, string>>): SweepSpec['space'] {
  const space: SweepSpec['space'] = {};
  for (const field of SWEEP_FIELD_NAMES) {
    const text = enabled[field];
    if (text === undefined) continue;
    const values = parseCandidates(field, text);
    if (values.length === 0) throw new Error(`${SWEEP_FIELDS[field].label}: enter at least one value, or untick the field`);
    space[field] = values;
  }
  if (Object.keys(space).length === 0) throw new Error('tick at least one field to sweep over');
  return space;
}

/** Number of trials a grid over the space runs (the product of the candidate counts). */
export function gridSize(space: SweepSpec['space']): number {
  return Object.values(space).reduce((n, values) => n * (values?.length ?? 1), 1);
}

/** The value a run used for a sweepable field (what the sweep table and parallel chart show). */
export function sweepValueOf(run: { config: RunConfig }, field: SweepFieldName): number | string {
  const { model, window, train } = run.config;
  switch (field) {
    case 'cell':
      return model.cell;
    case 'units':
      return model.layers[0]?.units ?? 0;
    case 'layers':
      return model.layers.length;
    case 'lookback':
      return window.lookback;
    case 'lr':
      return train.optimizer.lr;
    case 'dropout':
      return model.dropout;
  }
}

/** The fields a sweep varies, in the order of SWEEP_FIELD_NAMES. */
export function sweptFields(space: SweepSpec['space']): SweepFieldName[] {
  return SWEEP_FIELD_NAMES.filter((f) => (space[f]?.length ?? 0) > 0);
}
