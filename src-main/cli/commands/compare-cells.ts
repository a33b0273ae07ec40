import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkRunConfig, describeProblem } from '../../engine/check-run-config';
import { buildCellComparison, type CellRunInput } from '../../engine/compare-cells';
import { makeDirs, newRunId, RunStore, writeFileAtomic } from '../../engine/run';
import { CellType, type RunConfig } from '../../engine/spec';
import type { TrainingOutcome, TrainingProcess } from '../../worker';
import { defaultMaxWorkers, parseWorkers } from '../../worker/worker-limit';
import { badInput, CliError, EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from '../cli-error';
import { onInterrupt, type CliIo } from '../io';
import { trainFlagOptions, type TrainFlags } from '../train-options';
import { trainInWorker } from '../train-in-worker';
import { assertFreshRunDir, resolveTrainConfig } from './train';

/** Runs `task` over `items` with at most `limit` in flight, keeping the results in order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

function parseWorkersFlag(raw: string): number {
  try {
    return parseWorkers(raw);
  } catch (err) {
    throw badInput((err as Error).message);
  }
}

/** The same config with only the cell changed: same data, split, window, budget and seed. */
export function cellConfigs(base: RunConfig): RunConfig[] {
  return CellType.options.map((cell) => ({ ...base, name: `${cell.toUpperCase()} (cell comparison)`, model: { ...base.model, cell } }));
}

export async function compareCellsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...trainFlagOptions, workers: { type: 'string' } }, strict: true, allowPositionals: false });
  const flags = values as TrainFlags & { workers?: string };
  const workers = flags.workers === undefined ? defaultMaxWorkers() : parseWorkersFlag(flags.workers);
  if (flags.cell !== undefined) throw badInput('--cell: compare-cells trains every cell (rnn, lstm, gru); leave --cell out');
  if (!flags.out) throw badInput('--out is required: the folder that receives one run per cell and comparison.json/.md');
  const outDir = resolve(flags.out);
  const { config, dataPath, table } = await resolveTrainConfig(flags, io);
  const configs = cellConfigs(config);
  for (const cellConfig of configs) {
    const problems = checkRunConfig(table, cellConfig);
    if (problems.length) throw badInput(`${cellConfig.model.cell}: ${describeProblem(problems[0])}`);
  }
  const dirs = configs.map((c) => join(outDir, c.model.cell));
  dirs.forEach((dir) => assertFreshRunDir(dir));
  await makeDirs(outDir, { what: '--out' });
  const group = newRunId('cells');
  const json = flags.json === true;

  const active = new Set<TrainingProcess>();
  let stopping = false;
  const uninstall = onInterrupt(
    () => {
      stopping = true;
      active.forEach((p) => p.stop());
    },
    () => active.forEach((p) => p.kill()),
    io,
  );
  let outcomes: TrainingOutcome[];
  try {
    // The CLI's job queue: at most `workers` training processes; the others wait in order, and say so.
    const waiting = configs.slice(workers).map((c) => c.model.cell);
    const announceQueue = (): void => {
      waiting.forEach((cell, i) => {
        if (json) io.stdout.write(JSON.stringify({ cell, type: 'queued', position: i + 1, workers }) + '\n');
        else io.stderr.write(`[${cell}] queued: position ${i + 1}, starts when one of ${workers} worker(s) is free\n`);
      });
    };
    announceQueue();
    outcomes = await mapLimited(configs, workers, async (cellConfig) => {
      const cell = cellConfig.model.cell;
      if (stopping) return { status: 'stopped', message: 'not started: the comparison was interrupted', crashed: false } as TrainingOutcome;
      if (waiting[0] === cell) {
        waiting.shift();
        announceQueue();
      }
      const outcome = await trainInWorker({
        runDir: join(outDir, cell),
        dataPath,
        config: cellConfig,
        name: cellConfig.name,
        group,
        json,
        label: cell,
        stdout: io.stdout,
        stderr: io.stderr,
        onStarted: (p) => active.add(p),
      });
      if (!json) io.stderr.write(`[${cell}] ${outcome.status}${outcome.message ? `: ${outcome.message}` : ''}\n`);
      return outcome;
    });
  } finally {
    uninstall();
  }
  const badInputError = outcomes.find((o) => o.error?.code === 'bad_input')?.error;
  if (badInputError) throw new CliError(badInputError.message, EXIT_BAD_INPUT);

  const inputs: CellRunInput[] = [];
  for (const dir of dirs) {
    if (!existsSync(join(dir, 'run.json'))) continue;
    const { store, id } = RunStore.forRunDir(dir);
    inputs.push({ record: await store.get(id), events: (await store.readEvents(id, { maxBatchPoints: 100_000 })).events });
  }
  const allFinished = outcomes.every((o) => o.status === 'completed');
  const status = stopping ? 'cancelled' : allFinished ? 'completed' : outcomes.some((o) => o.status === 'completed') ? 'completed' : 'failed';
  const comparison = buildCellComparison(group, inputs, status);
  await writeFileAtomic(join(outDir, 'comparison.json'), JSON.stringify(comparison, null, 2) + '\n');
  await writeFileAtomic(join(outDir, 'comparison.md'), comparison.markdown);
  await writeFileAtomic(join(outDir, 'comparison.csv'), comparison.csv);
  if (json) io.stdout.write(JSON.stringify({ type: 'comparison', dir: outDir, ...comparison }) + '\n');
  else io.stdout.write(`${comparison.markdown}\nwritten: ${join(outDir, 'comparison.json')}, comparison.md, comparison.csv\n`);
  return comparison.rows.length === configs.length ? EXIT_OK : EXIT_FAILED;
}
