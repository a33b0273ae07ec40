import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../engine/backend';
import { preparedFromRecord, type PreparedSeries, type SegmentName } from '../../engine/data';
import { loadModelDir } from '../../engine/export';
import { recurrentCoreOf } from '../../engine/model';
import { forecastFuture, forecastSegment, xOfRow } from '../../engine/predict';
import { MODEL_DIR, recoverModelDir, writeFileAtomic } from '../../engine/run';
import { csvCell } from '../csv';
import { badInput, EXIT_OK } from '../cli-error';
import type { CliIo } from '../io';
import { backendLine } from '../backend-line';
import { loadDataForCommand } from '../data-problems';

export interface PredictionRow {
  segment: SegmentName | 'future';
  /** x of the window's last input row. */
  origin: string | number;
  x: string | number;
  step: number;
  actual: (number | undefined)[];
  predicted: number[];
}

/** The forecast past the end of the data, and with `all` every window's forecast over the data too. */
export function predictionRows(model: tf.LayersModel, prepared: PreparedSeries, all: boolean): PredictionRow[] {
  const rows: PredictionRow[] = [];
  const targets = prepared.targets.length;
  if (all) {
    for (const segment of ['train', 'val', 'test'] as const) {
      const set = forecastSegment(model, prepared, segment);
      set.predicted.forEach((forecast, w) => {
        const endRow = set.endRows[w];
        forecast.forEach((values, h) => {
          const row = endRow + 1 + h;
          const actual = Array.from({ length: targets }, (_, t) => (row < prepared.rowCount ? prepared.original[t][row] : undefined));
          rows.push({ segment, origin: prepared.x[endRow], x: xOfRow(prepared, row), step: h + 1, actual, predicted: values });
        });
      });
    }
  }
  const future = forecastFuture(model, prepared);
  const origin = prepared.x[prepared.rowCount - 1];
  future.predicted.forEach((values, h) => {
    rows.push({ segment: 'future', origin, x: future.x[h], step: h + 1, actual: values.map(() => undefined), predicted: values });
  });
  return rows;
}

export function predictionsCsv(targets: string[], rows: PredictionRow[]): string {
  const header = ['segment', 'origin', 'x', 'step', ...targets.map((t) => `actual_${t}`), ...targets.map((t) => `predicted_${t}`)];
  const lines = [header.map(csvCell).join(',')];
  for (const r of rows) {
    lines.push([r.segment, r.origin, r.x, r.step, ...r.actual.map((v) => v ?? ''), ...r.predicted].map((c) => csvCell(c)).join(','));
  }
  return lines.join('\n') + '\n';
}

export async function predictCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { model: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, all: { type: 'boolean' }, strict: { type: 'boolean' } },
    strict: true,
  });
  if (!values.model) throw badInput('--model is required: a run folder (the one `train --out` wrote)');
  if (!values.data) throw badInput('--data is required: the file to predict from (same columns as the training data)');
  if (!values.out) throw badInput('--out is required: the CSV file to write');
  await recoverModelDir(resolve(values.model));
  const modelDir = join(resolve(values.model), MODEL_DIR);
  if (!existsSync(join(modelDir, 'model.json'))) throw badInput(`--model: ${values.model} has no saved model (${modelDir}/model.json is missing); train it first`);
  const { table } = await loadDataForCommand(values.data, io, values.strict === true);
  const backend = await initBackend();
  const { model, preprocessing } = await loadModelDir(modelDir);
  io.stderr.write(backendLine(backend, recurrentCoreOf(model)) + '\n');
  try {
    const prepared = preparedFromRecord(preprocessing, table);
    const rows = predictionRows(model, prepared, values.all === true);
    const out = resolve(values.out);
    await writeFileAtomic(out, predictionsCsv(prepared.targets, rows));
    io.stderr.write(`wrote ${rows.length} predictions to ${out}\n`);
  } finally {
    model.dispose();
  }
  return EXIT_OK;
}

