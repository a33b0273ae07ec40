/** One colour per role, the same on every chart, so "model" and "naive" read the same everywhere. */
export const ROLE_COLORS = {
  actual: '#6b7280',
  model: '#2f6fde',
  naive: '#e08a1e',
  seasonalNaive: '#22a06b',
  rollout: '#9b4dca',
  edited: '#d03050',
} as const;

/** Distinct colours for overlaying several runs. */
export const RUN_PALETTE = ['#2f6fde', '#e08a1e', '#22a06b', '#9b4dca', '#d03050', '#1aa3b8', '#a0782c', '#5c6bc0', '#c2185b', '#607d8b'];

/** Tooltip numbers with 4 significant digits instead of float noise (0.9118583863040051 → 0.9119). */
export function tooltipValue(value: unknown): string {
  if (typeof value !== 'number') return value === null || value === undefined ? '—' : String(value);
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-3)) return value.toExponential(3);
  return Number(value.toPrecision(4)).toString();
}

/**
 * Legend labels for runs, unique even when names repeat (re-runs keep their name): ECharts merges
 * legend entries by name, so two "Passengers — suggested" runs would share one entry.
 */
export function uniqueRunLabels(runs: ReadonlyArray<{ id: string; name: string }>): Map<string, string> {
  const total = new Map<string, number>();
  for (const r of runs) total.set(r.name, (total.get(r.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  const labels = new Map<string, string>();
  for (const r of runs) {
    const n = (seen.get(r.name) ?? 0) + 1;
    seen.set(r.name, n);
    labels.set(r.id, (total.get(r.name) ?? 0) > 1 ? `${r.name} (${n})` : r.name);
  }
  return labels;
}
