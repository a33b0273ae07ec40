/**
 * Which leaf fields of several run configs differ ("what did I change between these runs"). Arrays of
 * objects compare element by element, so `model.layers.1.units` is its own row; an array of plain values
 * (targets, calendar features) is one value, so `[]` against `["month"]` is one row that shows both lists
 * rather than a row claiming the other config has none. A field some configs lack counts as different.
 */
export interface ConfigDifference {
  path: string;
  values: unknown[];
}

export function diffConfigs(configs: readonly unknown[]): ConfigDifference[] {
  const leaves = configs.map((config) => leafValues(config));
  const paths = new Set<string>();
  for (const flat of leaves) for (const path of flat.keys()) paths.add(path);
  const differences: ConfigDifference[] = [];
  for (const path of [...paths].sort(byPath)) {
    // A missing field shows as null: what JSON would make of undefined on its way to the renderer.
    const values = leaves.map((flat) => (flat.has(path) ? flat.get(path) : null));
    const first = JSON.stringify(values[0]);
    if (values.some((value) => JSON.stringify(value) !== first)) differences.push({ path, values });
  }
  return differences;
}

function leafValues(value: unknown, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  const entries = value !== null && typeof value === 'object' && !isListOfPlainValues(value) ? Object.entries(value as Record<string, unknown>) : [];
  if (entries.length === 0) into.set(prefix, value);
  for (const [key, child] of entries) leafValues(child, prefix ? `${prefix}.${key}` : key, into);
  return into;
}

function isListOfPlainValues(value: object): boolean {
  return Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object');
}

/** Index segments compare as numbers so layers.2 sorts before layers.10. */
function byPath(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    const na = Number(pa[i]);
    const nb = Number(pb[i]);
    if (Number.isInteger(na) && Number.isInteger(nb)) return na - nb;
    return pa[i] < pb[i] ? -1 : 1;
  }
  return pa.length - pb.length;
}
