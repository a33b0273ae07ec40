/**
 * The RNN-vs-LSTM-vs-GRU table: the same data, split, window, budget and seed, one row per cell.
 * Pure: it reads finished run records and their logged events, so the CLI and the service build the
 * same table.
 */
import type { CellComparison } from './spec';
import type { BatchEvent, RunRecord, TrainingEvent } from './spec';

export interface CellRunInput {
  record: RunRecord;
  events: readonly TrainingEvent[];
}

export type CellComparisonRow = CellComparison['rows'][number];

export interface GradientHealth {
  verdict: 'healthy' | 'exploding' | 'vanishing' | 'diverged' | 'unknown';
  medianNorm: number;
  maxNorm: number;
  clippedFraction: number;
  /** Layer with the smallest median gradient norm, and that median. */
  weakestLayer?: { name: string; median: number };
  warnings: Record<string, number>;
}

/** A layer whose median gradient is this much smaller than the strongest layer's is barely learning. */
const VANISHING_RATIO = 1e-3;
/** A step whose gradient norm is this many times the median is a spike. */
const SPIKE_RATIO = 50;

export function median(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return NaN;
  const mid = finite.length >> 1;
  return finite.length % 2 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
}

/** Summarises the per-step global and per-layer gradient norms (before clipping) and the warnings. */
export function gradientHealth(events: readonly TrainingEvent[], status?: RunRecord['status']): GradientHealth {
  const batches = events.filter((e): e is BatchEvent => e.type === 'batch');
  const warnings: Record<string, number> = {};
  for (const e of events) if (e.type === 'warning') warnings[e.kind] = (warnings[e.kind] ?? 0) + 1;
  const norms = batches.map((b) => b.gradNorm);
  const medianNorm = median(norms);
  const finiteNorms = norms.filter(Number.isFinite);
  const maxNorm = finiteNorms.length ? Math.max(...finiteNorms) : NaN;
  const clippedFraction = batches.length ? batches.filter((b) => b.clipped).length / batches.length : 0;

  const perLayer = new Map<string, number[]>();
  for (const b of batches) {
    for (const [layer, norm] of Object.entries(b.layerGradNorms)) {
      let list = perLayer.get(layer);
      if (!list) perLayer.set(layer, (list = []));
      list.push(norm);
    }
  }
  const layerMedians = [...perLayer].map(([name, values]) => ({ name, median: median(values) })).filter((l) => Number.isFinite(l.median));
  const weakestLayer = layerMedians.length ? layerMedians.reduce((a, b) => (b.median < a.median ? b : a)) : undefined;
  const strongest = layerMedians.length ? Math.max(...layerMedians.map((l) => l.median)) : NaN;

  let verdict: GradientHealth['verdict'] = batches.length ? 'healthy' : 'unknown';
  if (status === 'diverged' || (warnings.nan ?? 0) > 0 || norms.some((n) => !Number.isFinite(n))) verdict = 'diverged';
  else if ((warnings.exploding ?? 0) > 0 || (Number.isFinite(medianNorm) && maxNorm > SPIKE_RATIO * medianNorm)) verdict = 'exploding';
  else if ((warnings.vanishing ?? 0) > 0 || (weakestLayer && strongest > 0 && weakestLayer.median < VANISHING_RATIO * strongest)) verdict = 'vanishing';
  return { verdict, medianNorm, maxNorm, clippedFraction, weakestLayer, warnings };
}

/** One line for a table cell: "healthy · median ‖g‖ 0.21 (max 1.9) · 3% clipped · weakest rnn_1 0.012". */
export function describeGradientHealth(health: GradientHealth): string {
  if (health.verdict === 'unknown') return 'no gradient data logged';
  const parts: string[] = [health.verdict, `median ‖g‖ ${fmt(health.medianNorm)} (max ${fmt(health.maxNorm)})`, `${Math.round(health.clippedFraction * 100)}% clipped`];
  if (health.weakestLayer) parts.push(`weakest ${health.weakestLayer.name} ${fmt(health.weakestLayer.median)}`);
  const warned = Object.entries(health.warnings).map(([kind, n]) => `${n} ${kind}`);
  if (warned.length) parts.push(`warnings: ${warned.join(', ')}`);
  return parts.join(' · ');
}

export function cellComparisonRow(input: CellRunInput): CellComparisonRow | undefined {
  const { record, events } = input;
  const summary = record.summary;
  if (!summary) return undefined;
  return {
    runId: record.id,
    cell: record.config.model.cell,
    params: summary.params,
    secondsPerEpoch: summary.epochs > 0 ? summary.trainSeconds / summary.epochs : 0,
    epochsToBest: summary.bestEpoch,
    bestValLoss: summary.bestValLoss,
    test: summary.test,
    naive: summary.baselines.naive,
    seasonalNaive: summary.baselines.seasonalNaive,
    gradientHealth: describeGradientHealth(gradientHealth(events, record.status)),
  };
}

/** Builds the comparison: rows for runs that finished with a summary, and the same table as Markdown and CSV. */
export function buildCellComparison(group: string, runs: readonly CellRunInput[], status: CellComparison['status'] = 'completed'): CellComparison {
  const rows = runs.map(cellComparisonRow).filter((r): r is CellComparisonRow => r !== undefined);
  const missing = runs.filter((r) => !r.record.summary).map((r) => r.record);
  return { group, status, rows, markdown: comparisonMarkdown(group, rows, missing, runs[0]?.record), csv: comparisonCsv(rows) };
}

const COLUMNS = ['cell', 'params', 's/epoch', 'epochs to best', 'best val loss', 'test MAE', 'test RMSE', 'test MASE', 'naive MASE', 'seasonal naive MASE', 'gradient health'];

function rowCells(row: CellComparisonRow): string[] {
  return [
    row.cell.toUpperCase(),
    String(row.params),
    fmt(row.secondsPerEpoch),
    String(row.epochsToBest),
    fmt(row.bestValLoss),
    fmt(row.test.mae),
    fmt(row.test.rmse),
    fmt(row.test.mase),
    fmt(row.naive.mase),
    fmt(row.seasonalNaive.mase),
    row.gradientHealth,
  ];
}

function comparisonMarkdown(group: string, rows: CellComparisonRow[], missing: RunRecord[], first?: RunRecord): string {
  const lines = [`# Cell comparison ${group}`, ''];
  if (first) {
    const c = first.config;
    lines.push(
      `Data: ${first.data.name} (${first.data.rows} rows, sha256 ${first.data.sha256.slice(0, 12)}…) · target ${c.series.target.join(', ')} · ` +
        `lookback ${c.window.lookback}, horizon ${c.window.horizon} · layers ${c.model.layers.map((l) => l.units).join('-')} · ` +
        `${c.train.epochs} epochs max, batch ${c.train.batchSize}, seed ${c.train.seed}`,
      '',
    );
  }
  lines.push(`| ${COLUMNS.join(' | ')} |`, `|${COLUMNS.map(() => '---').join('|')}|`);
  for (const row of rows) lines.push(`| ${rowCells(row).map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  if (rows.length) {
    const best = rows.reduce((a, b) => (b.test.mase < a.test.mase ? b : a));
    lines.push('', `Lowest test MASE: **${best.cell.toUpperCase()}** (${fmt(best.test.mase)}; below 1 beats the naive forecast).`);
  }
  for (const run of missing) lines.push('', `${run.config.model.cell.toUpperCase()} did not finish (${run.status}${run.message ? `: ${run.message}` : ''}).`);
  return lines.join('\n') + '\n';
}

function comparisonCsv(rows: CellComparisonRow[]): string {
  const lines = [COLUMNS.map(csvCell).join(',')];
  for (const row of rows) lines.push(rowCells(row).map(csvCell).join(','));
  return lines.join('\n') + '\n';
}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  return abs >= 1000 || abs < 0.001 ? value.toExponential(2) : Number(value.toPrecision(3)).toString();
}
