import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareSeries, type Table } from '../../engine/data';
import { loadDataForCommand } from '../data-problems';
import { suggestConfig } from '../../engine/defaults';
import { validateModel } from '../../engine/model';
import { checkRunConfig, describeProblem } from '../../engine/check-run-config';
import { RUN_FILE } from '../../engine/run';
import { describeBestEpoch, describeRecipeChoice, isUntrained, statusLabel, type RunConfig, type RunSummary } from '../../engine/spec';
import type { TrainingOutcome } from '../../worker';
import { badInput, CliError, EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from '../cli-error';
import { onInterrupt, type CliIo } from '../io';
import { flagsToConfig, mergeConfig, readConfigFile, targetsOf, trainFlagOptions, type TrainFlags } from '../train-options';
import { trainInWorker } from '../train-in-worker';
import type { TrainingProcess } from '../../worker';

export { TRAIN_USAGE } from '../usage';

/** Reads the table and combines defaults ← --config ← flags into the run's config. */
export async function resolveTrainConfig(flags: TrainFlags, io: CliIo): Promise<{ config: RunConfig; dataPath: string; table: Table }> {
  const file = flags.config ? await readConfigFile(flags.config) : undefined;
  const fromFlags = flagsToConfig(flags);
  const { table, dataPath } = await loadDataForCommand(flags.data, io, flags.strict === true);
  const targets = targetsOf(flags, file);
  for (const target of targets) table.column(target);
  const config = mergeConfig(suggestConfig(table, targets), file, fromFlags, flags.config);
  const modelCheck = validateModel(config.model);
  if (!modelCheck.ok) throw badInput(`model.${modelCheck.errors[0].path}: ${modelCheck.errors[0].message}`);
  // Everything the data and config decide is checked here, before a worker or a run folder exists:
  // the data's own problems first (located by row and column), then what the worker would refuse.
  prepareSeries(table, config.series, config.window, config.model.topology);
  const problems = checkRunConfig(table, config);
  if (problems.length) throw badInput(describeProblem(problems[0]));
  return { config, dataPath, table };
}

export function assertFreshRunDir(dir: string, flag = '--out'): void {
  if (existsSync(join(dir, RUN_FILE))) throw badInput(`${flag}: ${dir} already holds a run; choose a new folder (runs are never overwritten)`);
}

export async function trainCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: trainFlagOptions, strict: true, allowPositionals: false });
  const flags = values as TrainFlags;
  if (!flags.out) throw badInput('--out is required: the folder the run is written to (it becomes the run)');
  const runDir = resolve(flags.out);
  assertFreshRunDir(runDir);
  const { config, dataPath } = await resolveTrainConfig(flags, io);

  let trainer: TrainingProcess | undefined;
  const uninstall = onInterrupt(
    () => trainer?.stop(),
    () => trainer?.kill(),
    io,
  );
  let outcome: TrainingOutcome;
  try {
    outcome = await trainInWorker({ runDir, dataPath, config, json: flags.json === true, stdout: io.stdout, stderr: io.stderr, onStarted: (p) => (trainer = p) });
  } finally {
    uninstall();
  }
  return reportOutcome(outcome, runDir, flags.json === true, io);
}

/** Exit 0 only when the run left a trained model: a stop keeps the best epoch; no improvement, divergence or failure exit 1. */
export function reportOutcome(outcome: TrainingOutcome, runDir: string, json: boolean, io: CliIo): number {
  if (outcome.error?.code === 'bad_input') throw new CliError(outcome.error.message, EXIT_BAD_INPUT);
  const ok = outcome.status === 'completed' || outcome.status === 'stopped';
  if (json) {
    io.stdout.write(JSON.stringify({ type: 'summary', status: outcome.status, runDir, message: outcome.message, backend: outcome.backend, summary: outcome.summary }) + '\n');
  } else {
    if (outcome.summary) io.stdout.write(summaryText(outcome.summary));
    const label = statusLabel(outcome.status);
    // A message that opens with the status ("No improvement: …") is printed once, on stderr.
    const repeats = outcome.message?.toLowerCase().startsWith(label) === true;
    io.stdout.write(`run: ${runDir} (${label}${outcome.message && !repeats ? `: ${outcome.message}` : ''})\n`);
  }
  if (!ok) {
    // A no-improvement message already says so in its first words.
    const why = outcome.status === 'no_improvement' && outcome.message ? outcome.message : `training ${statusLabel(outcome.status)}: ${outcome.message ?? 'no message'}`;
    if (!json) io.stderr.write(`${why}\n`);
    return EXIT_FAILED;
  }
  return EXIT_OK;
}

const f = (v: number): string => (Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v));

export function summaryText(s: RunSummary): string {
  const rows: [string, RunSummary['test']][] = [
    ['model', s.test],
    ['naive', s.baselines.naive],
    [`seasonal naive (${s.season})`, s.baselines.seasonalNaive],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const lines = [
    `${describeBestEpoch(s)} (val loss ${f(s.bestValLoss)}), ${s.params} parameters, ${f(s.samplesPerSecond)} samples/s, ${f(s.trainSeconds)} s`,
    `  ${'test set'.padEnd(width)}  ${'MAE'.padEnd(10)} ${'RMSE'.padEnd(10)} MASE`,
    ...rows.map(([name, m]) => `  ${name.padEnd(width)}  ${f(m.mae).padEnd(10)} ${f(m.rmse).padEnd(10)} ${f(m.mase)}`),
    isUntrained(s)
      ? `no skill: these are the untrained network's errors (skill vs naive ${f(s.skill.vsNaive)}, vs seasonal naive ${f(s.skill.vsSeasonalNaive)} is chance, not learning)`
      : `skill vs naive ${f(s.skill.vsNaive)}, vs seasonal naive ${f(s.skill.vsSeasonalNaive)} (positive: the model beats it)`,
    ...(s.recipe ? [describeRecipeChoice(s.recipe)] : []),
    ...(s.notes ?? []).map((note) => `note: ${note}`),
  ];
  return lines.join('\n') + '\n';
}
