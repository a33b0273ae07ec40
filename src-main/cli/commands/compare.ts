import { parseArgs } from 'node:util';
import { diffConfigs, RunStore } from '../../engine/run';
import type { RunRecord, TrainingEvent } from '../../engine/spec';
import { badInput, EXIT_OK } from '../cli-error';
import type { CliIo } from '../io';

export interface RunComparison {
  runs: RunRecord[];
  configDiff: { path: string; values: unknown[] }[];
  curves: { runId: string; epochs: number[]; trainLoss: number[]; valLoss: number[]; meanGradNorm: number[] }[];
}

export function learningCurve(runId: string, events: readonly TrainingEvent[]): RunComparison['curves'][number] {
  const curve = { runId, epochs: [] as number[], trainLoss: [] as number[], valLoss: [] as number[], meanGradNorm: [] as number[] };
  for (const e of events) {
    if (e.type !== 'epoch') continue;
    curve.epochs.push(e.epoch);
    curve.trainLoss.push(e.trainLoss);
    curve.valLoss.push(e.valLoss);
    curve.meanGradNorm.push(e.meanGradNorm);
  }
  return curve;
}

const f = (v: number | undefined): string => (v === undefined ? '-' : Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v));

export function comparisonText(c: RunComparison): string {
  const metrics: [string, (r: RunRecord) => string][] = [
    ['status', (r) => r.status],
    ['cell', (r) => r.config.model.cell],
    ['layers', (r) => r.config.model.layers.map((l) => l.units).join('-')],
    ['params', (r) => f(r.summary?.params)],
    ['epochs', (r) => f(r.summary?.epochs)],
    ['best epoch', (r) => f(r.summary?.bestEpoch)],
    ['best val loss', (r) => f(r.summary?.bestValLoss)],
    ['test MAE', (r) => f(r.summary?.test.mae)],
    ['test RMSE', (r) => f(r.summary?.test.rmse)],
    ['test MASE', (r) => f(r.summary?.test.mase)],
    ['skill vs seasonal naive', (r) => f(r.summary?.skill.vsSeasonalNaive)],
    ['samples/s', (r) => f(r.summary?.samplesPerSecond)],
    ['backend', (r) => r.backend.name],
  ];
  const header = ['', ...c.runs.map((r) => r.id)];
  const rows = metrics.map(([name, get]) => [name, ...c.runs.map(get)]);
  for (const d of c.configDiff) rows.push([d.path, ...d.values.map((v) => (v === undefined ? '-' : JSON.stringify(v)))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  const out = [line(header), ...rows.slice(0, metrics.length).map(line)];
  if (c.configDiff.length) out.push('', 'config differences:', ...rows.slice(metrics.length).map(line));
  else out.push('', 'configs are identical');
  return out.join('\n') + '\n';
}

export async function compareCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, strict: true, allowPositionals: true });
  if (positionals.length < 1) throw badInput('compare: name at least one run folder, e.g. `rnn-studio compare runs/a runs/b`');
  const runs: RunRecord[] = [];
  const curves: RunComparison['curves'] = [];
  for (const dir of positionals) {
    const { store, id } = RunStore.forRunDir(dir);
    const record = await store.get(id);
    runs.push(record);
    curves.push(learningCurve(record.id, (await store.readEvents(id, { maxBatchPoints: 1 })).events));
  }
  const comparison: RunComparison = { runs, configDiff: diffConfigs(runs.map((r) => r.config)), curves };
  io.stdout.write(values.json ? JSON.stringify(comparison) + '\n' : comparisonText(comparison));
  return EXIT_OK;
}
