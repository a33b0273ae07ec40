import type { RunRecord, RunStatus } from '@engine-spec/run';
import { isUntrained } from '@engine-spec/run-status';

/** One run flattened into the columns the runs table sorts and filters by. */
export interface RunRow {
  id: string;
  name: string;
  status: RunStatus;
  cell: string;
  /** Units per layer, e.g. "64 × 32". */
  units: string;
  /** Sum of units over layers: what "units" sorts and compares by. */
  totalUnits: number;
  layers: number;
  lookback: number;
  horizon: number;
  topology: string;
  mae: number | null;
  rmse: number | null;
  mase: number | null;
  /** Skill against the naive baseline (1 − MASE ratio); positive beats the baseline. */
  skill: number | null;
  skillSeasonal: number | null;
  /** The summary is the untrained network's (no epoch improved on it): its skill is not shown as skill. */
  untrained: boolean;
  epochs: number | null;
  params: number | null;
  backend: string;
  created: string;
  tags: string[];
  dataset: string;
  group: string;
  message: string;
}

export function runToRow(run: RunRecord): RunRow {
  const layers = run.config.model.layers;
  const s = run.summary;
  return {
    id: run.id,
    name: run.name,
    status: run.status,
    cell: run.config.model.cell + (run.config.model.bidirectional ? ' (bi)' : ''),
    units: layers.map((l) => l.units).join(' × '),
    totalUnits: layers.reduce((sum, l) => sum + l.units, 0),
    layers: layers.length,
    lookback: run.config.window.lookback,
    horizon: run.config.window.horizon,
    topology: run.config.model.topology,
    mae: s?.test.mae ?? null,
    rmse: s?.test.rmse ?? null,
    mase: s?.test.mase ?? null,
    skill: s?.skill.vsNaive ?? null,
    skillSeasonal: s?.skill.vsSeasonalNaive ?? null,
    untrained: s ? isUntrained(s) : false,
    epochs: s?.epochs ?? null,
    params: s?.params ?? null,
    backend: run.backend.name,
    created: run.createdAt,
    tags: run.tags,
    dataset: run.data.name,
    group: run.group ?? '',
    message: run.message ?? '',
  };
}

/** Fields a query may name, with the aliases people are likely to type. */
const FIELD_ALIASES: Record<string, keyof RunRow> = {
  id: 'id',
  name: 'name',
  status: 'status',
  cell: 'cell',
  units: 'totalUnits',
  layers: 'layers',
  lookback: 'lookback',
  horizon: 'horizon',
  topology: 'topology',
  mae: 'mae',
  rmse: 'rmse',
  mase: 'mase',
  skill: 'skill',
  skillseasonal: 'skillSeasonal',
  epochs: 'epochs',
  params: 'params',
  backend: 'backend',
  created: 'created',
  tag: 'tags',
  tags: 'tags',
  dataset: 'dataset',
  data: 'dataset',
  group: 'group',
};
export const QUERY_FIELDS = Object.keys(FIELD_ALIASES);

type Operator = ':' | '=' | '>' | '<' | '>=' | '<=';
export interface QueryTerm {
  field: keyof RunRow | null;
  op: Operator;
  value: string;
}

/** A query that could not be understood, saying which word and why. */
export class RunQueryError extends Error {}

const TERM = /^([a-zA-Z]+)(>=|<=|:|=|>|<)(.*)$/;

/**
 * Parses a filter like `cell:lstm lookback>=24 mase<1 tag:baseline sunspots`: `field:text` matches
 * a part of the text, `=` the whole value, `> < >= <=` compare numbers (or ISO dates for
 * `created`); bare words match the name, id, tags or dataset.
 */
export function parseRunQuery(query: string): QueryTerm[] {
  const words = query.trim().split(/\s+/).filter((w) => w.length > 0);
  return words.map((word) => {
    const m = TERM.exec(word);
    if (!m) return { field: null, op: ':', value: word.toLowerCase() };
    const field = FIELD_ALIASES[m[1].toLowerCase()];
    if (!field) {
      throw new RunQueryError(`unknown field "${m[1]}" in "${word}"; use one of: ${QUERY_FIELDS.join(', ')}`);
    }
    const op = m[2] as Operator;
    const value = m[3].toLowerCase();
    if (value === '') throw new RunQueryError(`"${word}" has no value after "${op}"`);
    if ((op === '>' || op === '<' || op === '>=' || op === '<=') && field !== 'created' && !Number.isFinite(Number(value))) {
      throw new RunQueryError(`"${word}": "${m[3]}" is not a number, and ${op} compares numbers`);
    }
    return { field, op, value };
  });
}

function textOf(v: RunRow[keyof RunRow]): string {
  if (Array.isArray(v)) return v.join(' ').toLowerCase();
  return v === null ? '' : String(v).toLowerCase();
}

function compare(actual: RunRow[keyof RunRow], op: Operator, value: string, isDate: boolean): boolean {
  if (actual === null || Array.isArray(actual)) return false;
  const a = isDate ? String(actual).toLowerCase() : Number(actual);
  const b = isDate ? value : Number(value);
  if (op === '>') return a > b;
  if (op === '<') return a < b;
  if (op === '>=') return a >= b;
  return a <= b;
}

function matchesTerm(row: RunRow, term: QueryTerm): boolean {
  if (term.field === null) {
    return [row.name, row.id, row.dataset, ...row.tags].some((t) => t.toLowerCase().includes(term.value));
  }
  const actual = row[term.field];
  if (term.op === ':') {
    if (Array.isArray(actual)) return actual.some((t) => t.toLowerCase().includes(term.value));
    return textOf(actual).includes(term.value);
  }
  if (term.op === '=') {
    if (Array.isArray(actual)) return actual.some((t) => t.toLowerCase() === term.value);
    if (typeof actual === 'number') return actual === Number(term.value);
    return textOf(actual) === term.value;
  }
  return compare(actual, term.op, term.value, term.field === 'created');
}

/** Keeps the rows every term matches (terms are ANDed). */
export function filterRunRows(rows: RunRow[], terms: QueryTerm[]): RunRow[] {
  return rows.filter((row) => terms.every((t) => matchesTerm(row, t)));
}

/** Parses and applies; a bad query keeps every row and reports why. */
export function applyRunQuery(rows: RunRow[], query: string): { rows: RunRow[]; error: string | null } {
  try {
    return { rows: filterRunRows(rows, parseRunQuery(query)), error: null };
  } catch (e) {
    if (e instanceof RunQueryError) return { rows, error: e.message };
    throw e;
  }
}
