/**
 * The training flags shared by `train` and `compare-cells`, and how they combine into a RunConfig:
 * suggestConfig's defaults ← the --config file ← the flags.
 */
import { readFile } from 'node:fs/promises';
import type { ParseArgsConfig } from 'node:util';
import { RunConfig, CellType, Topology, takesLinearShortcut, type RunConfigInput } from '../engine/spec';
import { badInput, zodMessage } from './cli-error';
import { unknownConfigKey, unknownKeyMessage } from './config-keys';
import { DataError, describeFsError, statDataFile } from '../engine/data';


export const trainFlagOptions = {
  data: { type: 'string' },
  target: { type: 'string' },
  features: { type: 'string' },
  known: { type: 'string' },
  date: { type: 'string' },
  cell: { type: 'string' },
  layers: { type: 'string' },
  topology: { type: 'string' },
  'linear-shortcut': { type: 'string' },
  lookback: { type: 'string' },
  horizon: { type: 'string' },
  season: { type: 'string' },
  epochs: { type: 'string' },
  batch: { type: 'string' },
  lr: { type: 'string' },
  clip: { type: 'string' },
  seed: { type: 'string' },
  test: { type: 'string' },
  config: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  strict: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export type TrainFlags = Partial<Record<Exclude<keyof typeof trainFlagOptions, 'json' | 'strict'>, string>> & { json?: boolean; strict?: boolean };

type Json = Record<string, unknown>;

const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function integerFlag(flag: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n)) throw badInput(`--${flag}: '${value}' is not a whole number`);
  if (n < min || n > max) throw badInput(`--${flag}: ${n} is out of range (${min}–${max})`);
  return n;
}

export function positiveFlag(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw badInput(`--${flag}: '${value}' is not a positive number`);
  return n;
}

export function parseLayers(value: string): { units: number }[] {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => p === '')) throw badInput(`--layers: '${value}' is not a list of layer sizes; write units per layer, e.g. --layers 64,32`);
  if (parts.length > 8) throw badInput(`--layers: ${parts.length} layers given; at most 8 stacked layers`);
  return parts.map((p, i) => {
    if (!/^\d+$/.test(p)) throw badInput(`--layers: layer ${i + 1} '${p}' is not a whole number of units; write e.g. --layers 64,32`);
    const units = Number(p);
    if (units < 1 || units > 4096) throw badInput(`--layers: layer ${i + 1} has ${units} units; use 1–4096`);
    return { units };
  });
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw badInput(`--${flag}: '${value}' is not one of ${allowed.join(', ')}`);
  return value as T;
}

/** Reads --config: a RunConfig (complete or partial) or a whole run.json, whose config is used. */
export async function readConfigFile(path: string): Promise<Json> {
  let text: string;
  try {
    // A FIFO or device would block the read forever: only regular files are opened.
    await statDataFile(path);
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof DataError) throw badInput(`--config: ${path}: ${err.message.slice(err.message.indexOf(': ') + 2)}`);
    const { problem, hint } = describeFsError(err as NodeJS.ErrnoException);
    throw badInput(`--config: ${path}: ${problem}. ${hint}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw badInput(`${path}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isObject(value)) throw badInput(`${path}: expected a JSON object with series, window, model and train`);
  // A run record carries its config: re-running a run's exact config is `--config runs/<id>/run.json`.
  const config = isObject(value.config) && typeof value.id === 'string' ? value.config : value;
  const unknown = unknownConfigKey(config);
  if (unknown) throw badInput(unknownKeyMessage(path, unknown));
  return config;
}

/** The target columns: --target, else the config file's. */
export function targetsOf(flags: TrainFlags, file?: Json): string[] {
  if (flags.target !== undefined) {
    const targets = list(flags.target);
    if (targets.length === 0) throw badInput(`--target: name at least one column, e.g. --target passengers`);
    return targets;
  }
  const series = file && isObject(file.series) ? file.series : undefined;
  const fromFile = series && Array.isArray(series.target) ? series.target.filter((t): t is string => typeof t === 'string') : [];
  if (fromFile.length) return fromFile;
  throw badInput('--target is required: name the column(s) to forecast, e.g. --target passengers');
}

/** The flags as a partial config, so they layer over the file the same way the file layers over the defaults. */
export function flagsToConfig(flags: TrainFlags): Json {
  const series: Json = {};
  const window: Json = {};
  const model: Json = {};
  const train: Json = {};
  if (flags.target !== undefined) series.target = list(flags.target);
  if (flags.features !== undefined) series.features = list(flags.features);
  if (flags.known !== undefined) {
    // Known-in-advance features are features too: --known alone is enough to add them.
    const known = list(flags.known);
    series.knownInAdvance = known;
    series.features = [...new Set([...(flags.features !== undefined ? list(flags.features) : []), ...known])];
  }
  if (flags.date !== undefined) series.date = flags.date;
  if (flags.season !== undefined) series.season = integerFlag('season', flags.season, 2);
  if (flags.test !== undefined) {
    const test = positiveFlag('test', flags.test);
    if (test >= 1 && !Number.isInteger(test)) throw badInput(`--test: '${flags.test}' must be a fraction below 1 (e.g. 0.2) or a whole number of rows`);
    series.split = { test };
  }
  if (flags.lookback !== undefined) window.lookback = integerFlag('lookback', flags.lookback, 1, 10_000);
  if (flags.horizon !== undefined) window.horizon = integerFlag('horizon', flags.horizon, 1, 1_000);
  if (flags.cell !== undefined) model.cell = oneOf('cell', flags.cell, CellType.options);
  if (flags.layers !== undefined) model.layers = parseLayers(flags.layers);
  if (flags.topology !== undefined) model.topology = oneOf('topology', flags.topology, Topology.options);
  if (flags['linear-shortcut'] !== undefined) model.linearShortcut = oneOf('linear-shortcut', flags['linear-shortcut'], ['on', 'off'] as const) === 'on';
  if (flags.epochs !== undefined) train.epochs = integerFlag('epochs', flags.epochs, 1, 100_000);
  if (flags.batch !== undefined) train.batchSize = integerFlag('batch', flags.batch, 1, 65_536);
  if (flags.lr !== undefined) train.optimizer = { lr: positiveFlag('lr', flags.lr) };
  if (flags.clip !== undefined) {
    const clip = Number(flags.clip);
    if (flags.clip.trim() === '' || !Number.isFinite(clip) || clip < 0) throw badInput(`--clip: '${flags.clip}' is not a number ≥ 0 (0 turns clipping off)`);
    train.clip = clip === 0 ? { kind: 'none' } : { kind: 'norm', value: clip };
  }
  if (flags.seed !== undefined) train.seed = integerFlag('seed', flags.seed, 0);
  return { series, window, model, train };
}

/** Layers: defaults ← file ← flags. Objects merge key by key; arrays and values replace. */
export function mergeConfig(defaults: RunConfig, file: Json | undefined, flags: Json, source = 'config'): RunConfig {
  const merged = deepMerge(deepMerge(defaults as unknown as Json, file ?? {}), flags);
  // The suggested shortcut is a many-to-one choice: another topology chosen without a word on it drops it.
  const model = merged.model as Json;
  const saysShortcut = [file, flags].some((over) => isObject(over?.model) && (over.model as Json).linearShortcut !== undefined);
  if (!saysShortcut && typeof model.topology === 'string' && !takesLinearShortcut(model.topology as Topology)) model.linearShortcut = false;
  // An optimizer kind changed by the file keeps the flag's lr; a kind without the lr field is caught by the schema.
  const result = RunConfig.safeParse(merged as RunConfigInput);
  if (!result.success) throw badInput(zodMessage(result.error, file ? source : 'options'));
  return result.data;
}

export function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isObject(value) && isObject(current) && !isTagged(value, current) ? deepMerge(current, value) : value;
  }
  return out;
}

/** Objects of a different `kind` (e.g. clip norm → none) replace rather than merge their fields. */
function isTagged(a: Json, b: Json): boolean {
  return typeof a.kind === 'string' && typeof b.kind === 'string' && a.kind !== b.kind;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
