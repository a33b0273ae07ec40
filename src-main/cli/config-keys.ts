/**
 * Finds keys in a --config file that the RunConfig schema does not know (a misspelt key would
 * otherwise be dropped silently and its default used), and suggests the key that was meant.
 */
import type { z } from 'zod';
import { RunConfig } from '../engine/spec';

type Json = Record<string, unknown>;
type AnySchema = z.ZodType;

interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  out?: AnySchema;
  options?: AnySchema[];
  element?: AnySchema;
  shape?: Record<string, AnySchema>;
}

const defOf = (schema: AnySchema): Def => (schema as unknown as { def: Def }).def;

/** The schema beneath optional/default/nullable wrappers. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (let i = 0; i < 10; i++) {
    const def = defOf(current);
    if (def.innerType && ['optional', 'default', 'nullable', 'readonly', 'catch', 'prefault', 'nonoptional'].includes(def.type)) current = def.innerType;
    // A preprocessed schema (z.preprocess) checks its keys against the schema it feeds.
    else if (def.type === 'pipe' && def.in) current = defOf(def.in).type === 'transform' && def.out ? def.out : def.in;
    else break;
  }
  return current;
}

function shapeOf(schema: AnySchema): Record<string, AnySchema> | undefined {
  const def = defOf(schema);
  return def.type === 'object' ? (def.shape ?? (schema as unknown as { shape: Record<string, AnySchema> }).shape) : undefined;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...new Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0][j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}

export function closestMatch(word: string, candidates: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(word, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(word.length / 3)) ? best.name : undefined;
}

/** Every key path the schema knows, for "this key belongs under …" suggestions. */
function allPaths(schema: AnySchema, prefix: string, out: string[] = [], depth = 0): string[] {
  if (depth > 6) return out;
  const inner = unwrap(schema);
  const def = defOf(inner);
  const shape = shapeOf(inner);
  if (shape) {
    for (const [key, child] of Object.entries(shape)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.push(path);
      allPaths(child, path, out, depth + 1);
    }
  } else if (def.options) for (const option of def.options) allPaths(option, prefix, out, depth + 1);
  else if (def.element) allPaths(def.element, prefix, out, depth + 1);
  return out;
}

export interface UnknownKey {
  path: string;
  suggestion?: string;
  known: string[];
}

/** For a union (e.g. optimizer kinds), the member whose keys fit the value best. */
function bestOption(options: AnySchema[], value: Json): AnySchema {
  let best = options[0];
  let bestScore = -Infinity;
  for (const option of options) {
    const shape = shapeOf(unwrap(option));
    if (!shape) continue;
    const kindSchema = shape.kind ? unwrap(shape.kind) : undefined;
    const kindValues = kindSchema ? ((defOf(kindSchema) as { values?: unknown[] }).values ?? []) : [];
    const kindMatches = kindValues.length > 0 && kindValues.includes(value.kind);
    const score = (kindMatches ? 100 : 0) - Object.keys(value).filter((k) => !(k in shape)).length;
    if (score > bestScore) {
      best = option;
      bestScore = score;
    }
  }
  return best;
}

function findUnknown(value: unknown, schema: AnySchema, path: string): UnknownKey | undefined {
  const inner = unwrap(schema);
  const def = defOf(inner);
  if (def.options && isObject(value)) return findUnknown(value, bestOption(def.options, value), path);
  if (def.element && Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnknown(value[i], def.element, `${path}.${i}`);
      if (found) return found;
    }
    return undefined;
  }
  const shape = shapeOf(inner);
  if (!shape || !isObject(value)) return undefined;
  const known = Object.keys(shape);
  for (const key of Object.keys(value)) {
    const keyPath = path ? `${path}.${key}` : key;
    if (!Object.prototype.hasOwnProperty.call(shape, key)) {
      const near = closestMatch(key, known);
      return { path: keyPath, suggestion: near ? (path ? `${path}.${near}` : near) : undefined, known };
    }
    const found = findUnknown(value[key], shape[key], keyPath);
    if (found) return found;
  }
  return undefined;
}

/** The first key the schema does not know, with the key the user most likely meant. */
export function unknownConfigKey(config: Json): UnknownKey | undefined {
  const found = findUnknown(config, RunConfig, '');
  if (!found || found.suggestion) return found;
  // Not a typo at its own level: maybe it is a real key put at the wrong level (e.g. "lookback" at the top).
  const name = found.path.split('.').pop()!;
  const elsewhere = allPaths(RunConfig, '').find((p) => p.split('.').pop() === name || closestMatch(name, [p.split('.').pop()!]) !== undefined);
  return { ...found, suggestion: elsewhere };
}

export function unknownKeyMessage(source: string, found: UnknownKey): string {
  const parent = found.path.includes('.') ? `'${found.path.slice(0, found.path.lastIndexOf('.'))}'` : 'the top level';
  const fix = found.suggestion ? `did you mean '${found.suggestion}'?` : `${parent} takes ${found.known.map((k) => `'${k}'`).join(', ')}`;
  return `${source}: unknown key '${found.path}' (it would be ignored); ${fix}`;
}
