import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { initBackend } from '../engine/backend';
import { loadTableFile, preparedFromRecord, type PreparedSeries } from '../engine/data';
import { loadModelDir } from '../engine/export';
import { seasonOf } from '../engine/predict';
import { MODEL_DIR, readRecord, RUN_FILE } from '../engine/run';
import { backendLine } from './backend-line';
import { badInput } from './cli-error';
import type { CliIo } from './io';

export interface LoadedRun {
  model: tf.LayersModel;
  prepared: PreparedSeries;
  season: number;
  dataPath: string;
}

/**
 * A run's saved model with its data prepared as in training: `--data` or, when omitted, the file the
 * run was trained on. The caller disposes the model.
 */
export async function loadRunModel(runArg: string | undefined, dataArg: string | undefined, io: CliIo): Promise<LoadedRun> {
  if (!runArg) throw badInput('--model is required: a run folder (the one `train --out` wrote)');
  const runDir = resolve(runArg);
  const modelDir = join(runDir, MODEL_DIR);
  if (!existsSync(join(modelDir, 'model.json'))) throw badInput(`--model: ${runArg} has no saved model (${modelDir}/model.json is missing); train it first`);
  let dataPath = dataArg ? resolve(dataArg) : undefined;
  let configuredSeason: number | undefined;
  if (existsSync(join(runDir, RUN_FILE))) {
    const record = await readRecord(runDir);
    dataPath ??= record.data.path;
    configuredSeason = record.config.series.season;
  }
  if (!dataPath) throw badInput(`--data is required: ${runArg} does not record which file it was trained on`);
  if (!existsSync(dataPath)) throw badInput(`--data: ${dataPath} does not exist${dataArg ? '' : ' (the file the run was trained on has moved; pass --data)'}`);
  const backend = await initBackend();
  io.stderr.write(backendLine(backend) + '\n');
  const { model, preprocessing } = await loadModelDir(modelDir);
  try {
    const prepared = preparedFromRecord(preprocessing, await loadTableFile(dataPath));
    return { model, prepared, season: seasonOf(prepared, configuredSeason).season, dataPath };
  } catch (err) {
    model.dispose();
    throw err;
  }
}
