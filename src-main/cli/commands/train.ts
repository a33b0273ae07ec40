import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTableFile, type Table } from '../../engine/data';
import { suggestConfig } from '../../engine/defaults';
import { checkRunConfig, describeProblem } from '../../engine/check-run-config';
import { RUN_FILE } from '../../engine/run';
import { describeBestEpoch, isUntrained, statusLabel, type RunConfig, type RunSummary } from '../../engine/spec';
import type { TrainingOutcome } from '../../worker';
import { badInput, CliError, EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from '../cli-error';
import { onInterrupt, type CliIo } from '../io';
import { flagsToConfig, mergeConfig, readConfigFile, targetsOf, trainFlagOptions, type TrainFlags } from '../train-options';
import { trainInWorker } from '../train-in-worker';
import type { TrainingProcess } from '../../worker';

export const TRAIN_USAGE =
  'rnn-studio train --data FILE --target COL[,COL] [--features COLS] [--date COL] [--cell lstm|gru|rnn] [--layers 64,32] ' +
  '[--topology many-to-one|many-to-many|one-to-many|encoder-decoder] [--lookback N] [--horizon N] [--season N] [--epochs N] ' +
  '[--batch N] [--lr X] [--clip X] [--seed N] [--test N|FRACTION] [--config SPEC.json] --out RUN_DIR [--json]';

/** Reads the table and combines defaults ← --config ← flags into the run's config. */
export async function resolveTrainConfig(flags: TrainFlags): Promise<{ config: RunConfig; dataPath: string; table: Table }> {
  if (!flags.data) throw badInput('--data is required: the CSV, TSV, JSON or XLSX file to train on');
  const dataPath = resolve(flags.data);
  if (!existsSync(dataPath)) throw badInput(`--data: ${flags.data} does not exist`);
  const file = flags.config ? await readConfigFile(flags.config) : undefined;
  const fromFlags = flagsToConfig(flags);
  const table = await loadTableFile(dataPath);
  const config = mergeConfig(suggestConfig(table, targetsOf(flags, file)), file, fromFlags, flags.config);
  // Everything the worker would refuse is refused here, before --out exists.
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
  const { config, dataPath } = await resolveTrainConfig(flags);

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
  ];
  return lines.join('\n') + '\n';
}
