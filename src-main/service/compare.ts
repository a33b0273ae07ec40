/** compare.* — side-by-side runs (config diff, curves) and the RNN vs LSTM vs GRU comparison. */
import type { CellComparison, Comparison } from '../common/contract';
import { buildCellComparison, type CellRunInput } from '../engine/compare-cells';
import { CellType, type RunConfig, type RunRecord, type TrainingEvent } from '../engine/spec';
import { apiError } from '../common/contract';
import { checkRunConfig } from './config';
import { diffConfigs } from '../engine/run';
import type { ServiceContext } from './context';
import type { Handlers } from './handler-table';
import { groupNotFound, newGroupId, RunGroup } from './run-group';

type CompareMethods = 'compare.runs' | 'compare.cells' | 'compare.cellsResult';

export function compareHandlers(ctx: ServiceContext): Handlers<CompareMethods> {
  return {
    'compare.runs': async ({ runIds }) => {
      const store = ctx.store();
      const runs = await Promise.all(runIds.map((id) => store.get(id)));
      const curves = await Promise.all(runIds.map(async (runId) => epochCurves(runId, (await store.readEvents(runId, { maxBatchPoints: 4000 })).events)));
      return { runs, configDiff: [...datasetDiff(runs), ...diffConfigs(runs.map((run) => run.config))], curves };
    },

    'compare.cells': async ({ datasetId, config }) => {
      const dataset = ctx.datasets.get(datasetId);
      const trials = CellType.options.map((cell) => ({ config: withCell(config, cell), name: `${cell.toUpperCase()} · cell comparison` }));
      for (const trial of trials) {
        const problems = checkRunConfig(dataset.table, trial.config);
        if (problems.length) throw apiError('bad_input', `${trial.config.model.cell}: ${problems[0].path}: ${problems[0].message}`, problems[0].path, problems[0].path);
      }
      // All three join the job queue at once; the queue decides how many train together.
      const group = new RunGroup(newGroupId('cells'), 'cells', trials, trials.length, dataset, ctx.jobs, (g) =>
        ctx.emit('compare.cellsChanged', { group: g.id }),
      );
      ctx.groups.add(group);
      group.start();
      return { group: group.id };
    },

    'compare.cellsResult': async ({ group }) => {
      const live = ctx.groups.find(group);
      const store = ctx.store();
      const { runs } = await store.list();
      const members = runs.filter((run) => run.group === group);
      if (!live && members.length === 0) throw groupNotFound(group);
      const cellOrder: string[] = CellType.options;
      members.sort((a, b) => cellOrder.indexOf(a.config.model.cell) - cellOrder.indexOf(b.config.model.cell));
      const inputs: CellRunInput[] = [];
      for (const record of members) inputs.push({ record, events: (await store.readEvents(record.id, { maxBatchPoints: 2000 })).events });
      return buildCellComparison(group, inputs, live?.status ?? statusFromRecords(members));
    },
  };
}

/**
 * Runs on different data are not comparable number for number: the dataset leads the differences
 * (by content, so a renamed copy of the same file is the same data).
 */
export function datasetDiff(runs: RunRecord[]): Comparison['configDiff'] {
  if (new Set(runs.map((run) => run.data.sha256)).size <= 1) return [];
  return [{ path: 'dataset', values: runs.map((run) => run.data.name) }];
}

function withCell(config: RunConfig, cell: RunConfig['model']['cell']): RunConfig {
  return { ...config, name: `${cell.toUpperCase()} · cell comparison`, model: { ...config.model, cell } };
}

/** Per-epoch curves; epochs with a non-finite loss (a diverged run) are left out rather than sent as NaN. */
export function epochCurves(runId: string, events: TrainingEvent[]): Comparison['curves'][number] {
  const curve = { runId, epochs: [] as number[], trainLoss: [] as number[], valLoss: [] as number[], meanGradNorm: [] as number[], clipEvents: [] as number[] };
  const layerSums = new Map<number, Map<string, { sum: number; count: number }>>();
  for (const event of events) {
    if (event.type !== 'batch') continue;
    const perLayer = layerSums.get(event.epoch) ?? new Map<string, { sum: number; count: number }>();
    for (const [layer, norm] of Object.entries(event.layerGradNorms)) {
      if (!Number.isFinite(norm)) continue;
      const entry = perLayer.get(layer) ?? { sum: 0, count: 0 };
      entry.sum += norm;
      entry.count += 1;
      perLayer.set(layer, entry);
    }
    layerSums.set(event.epoch, perLayer);
  }
  const layers = [...new Set([...layerSums.values()].flatMap((m) => [...m.keys()]))];
  const layerGradNorms: Record<string, (number | null)[]> = Object.fromEntries(layers.map((l) => [l, []]));
  for (const event of events) {
    if (event.type !== 'epoch') continue;
    if (![event.trainLoss, event.valLoss, event.meanGradNorm].every(Number.isFinite)) continue;
    curve.epochs.push(event.epoch);
    curve.trainLoss.push(event.trainLoss);
    curve.valLoss.push(event.valLoss);
    curve.meanGradNorm.push(event.meanGradNorm);
    curve.clipEvents.push(event.clipEvents);
    for (const layer of layers) {
      const entry = layerSums.get(event.epoch)?.get(layer);
      layerGradNorms[layer].push(entry && entry.count > 0 ? entry.sum / entry.count : null);
    }
  }
  return { ...curve, layerGradNorms };
}

function statusFromRecords(runs: RunRecord[]): CellComparison['status'] {
  if (runs.some((run) => run.status === 'running' || run.status === 'paused' || run.status === 'queued')) return 'running';
  return runs.some((run) => run.summary) ? 'completed' : 'failed';
}
