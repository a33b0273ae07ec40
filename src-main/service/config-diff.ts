/**
 * Which leaf fields of several run configs differ: the "what did I change between these runs" table.
 * Arrays are compared element-wise (so `model.layers.1.units` is its own row), and a field missing
 * in some configs counts as different and shows as null (what JSON makes of undefined anyway).
 */

export interface ConfigDifference {
  path: string;
  values: unknown[];
}

export function configDiff(configs: readonly unknown[]): ConfigDifference[] {
  const leaves = configs.map((config) => flattenLeaves(config));
  const paths = new Set<string>();
  for (const flat of leaves) for (const path of flat.keys()) paths.add(path);
  const differences: ConfigDifference[] = [];
  for (const path of [...paths].sort(comparePaths)) {
    const values = leaves.map((flat) => (flat.has(path) ? flat.get(path) : null));
    const first = JSON.stringify(values[0]);
    if (values.some((value) => JSON.stringify(value) !== first)) differences.push({ path, values });
  }
  return differences;
}

/** Leaf values by dotted path; empty objects/arrays are leaves so their presence still compares. */
export function flattenLeaves(value: unknown, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  const isContainer = value !== null && typeof value === 'object';
  const entries = isContainer ? Object.entries(value as Record<string, unknown>) : [];
  if (!isContainer || entries.length === 0) {
    into.set(prefix, value);
    return into;
  }
  for (const [key, child] of entries) flattenLeaves(child, prefix ? `${prefix}.${key}` : key, into);
  return into;
}

/** Numeric path segments sort numerically so layers.2 comes before layers.10. */
function comparePaths(a: string, b: string): number {
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
