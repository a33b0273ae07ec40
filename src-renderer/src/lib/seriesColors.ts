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
