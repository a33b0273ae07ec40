/**
 * Where a rollout step's time goes, for the suggested model of the bundled sample (saved and loaded as
 * a run's, on native TensorFlow): model.predict of one window, the members' recurrences inside it,
 * the host transforms a step does, the tensor upload/download, and the same step through the inference
 * plan (engine/model/inference-plan.ts). Then a 24-step rollout both ways. Median wall and CPU ms.
 *
 *   npm run bench:rollout
 *
 * Prints numbers; asserts nothing. The machine's load average is printed beside them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src-main/engine/backend';
import { loadTableFile, prepareSeries, sampleDatasetPath } from '../src-main/engine/data';
import { suggestConfig } from '../src-main/engine/defaults';
import { modelDims } from '../src-main/engine/experiment';
import { loadModelDir, saveModelDir } from '../src-main/engine/export';
import { buildModel, composeInferencePlan, fusedNativeCore } from '../src-main/engine/model';
import { fusedRecurrence } from '../src-main/engine/model/fused-recurrence';
import { forecastFuture, predictRaw } from '../src-main/engine/predict';

const ROUNDS = 200;

function measure(label: string, rounds: number, fn: () => void): void {
  fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    const used = process.cpuUsage();
    fn();
    const spent = process.cpuUsage(used);
    cpu.push((spent.user + spent.system) / 1000);
    wall.push(performance.now() - start);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`  ${label.padEnd(62)} ${median(wall).toFixed(3).padStart(8)} ms wall ${median(cpu).toFixed(3).padStart(8)} ms CPU`);
}

/** The previous path: a rollout that predicts with model.predict (another core asked for by name turns the plan off). */
function withPredictPath(fn: () => void): () => void {
  return () => {
    process.env.RNN_STUDIO_RECURRENT_CORE = 'fast-unrolled';
    try {
      fn();
    } finally {
      delete process.env.RNN_STUDIO_RECURRENT_CORE;
    }
  };
}

async function main(): Promise<void> {
  await initBackend('tensorflow');
  const table = await loadTableFile(sampleDatasetPath());
  const config = suggestConfig(table, [table.header[table.header.length - 1]]);
  const prepared = prepareSeries(table, config.series, config.window, config.model.topology);
  const built = buildModel(config.model, modelDims(prepared), config.train.seed, fusedNativeCore);
  const dir = mkdtempSync(join(tmpdir(), 'rnn-rollout-'));
  let model: tf.LayersModel;
  try {
    await saveModelDir(join(dir, 'model'), built, prepared.preprocessing);
    built.dispose();
    model = (await loadModelDir(join(dir, 'model'))).model;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const { lookback } = config.window;
  const columns = prepared.inputColumns.length;
  const members = config.model.ensemble ?? 1;
  console.log(`suggested model for the sample: ${members} × ${config.model.cell} ${config.model.layers.map((l) => l.units).join('-')} units, lookback ${lookback}, horizon ${config.window.horizon}`);
  console.log(`machine: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (1/5/15 min) on ${cpus().length} cores`);

  const endRow = prepared.rowCount - 1;
  const history = Array.from({ length: lookback + prepared.warmupRows }, (_, i) => prepared.original.map((c) => c[endRow - lookback - prepared.warmupRows + 1 + i]));
  const scaled = prepared.scaleWindow(history, endRow);
  const steps = scaled.length / columns;

  console.log('one rollout step, model.predict:');
  measure('model.predict of one window (upload, K members, Average, download)', ROUNDS, () => void predictRaw(model, scaled, [1, steps, columns]));
  const recurrent = model.layers.filter((l) => ['LSTM', 'GRU', 'SimpleRNN'].includes(l.getClassName()));
  const weights = recurrent.map((l) => l.getWeights());
  measure(`  of which the ${recurrent.length} recurrences alone (one fused call each)`, ROUNDS, () =>
    tf.tidy(() => {
      const x = tf.tensor3d(scaled, [1, steps, columns]);
      for (const [W, U, b] of weights) fusedRecurrence(config.model.cell, x, W, U, b, {}, false).dataSync();
    }),
  );
  measure('  of which the tensor upload + download of one window', ROUNDS, () => tf.tidy(() => void tf.tensor3d(scaled, [1, steps, columns]).dataSync()));
  measure('host transforms of a step (scale the window, undo transforms)', ROUNDS, () => {
    const s = prepared.scaleWindow(history, endRow);
    prepared.toOriginal(endRow, [[s[0]]], history.map((r) => r.slice(0, prepared.targets.length)));
  });

  console.log('one rollout step, inference plan:');
  measure('compose the plan (once per rollout) and free it', 50, () => composeInferencePlan(model)?.dispose());
  const plan = composeInferencePlan(model);
  if (plan) measure(`plan.predict of one window (one wide recurrence, host head)`, ROUNDS, () => void plan.predict(scaled, 1, steps));
  plan?.dispose();

  console.log('whole forecasts (forecastFuture, as the app and bench call them):');
  measure('one forecast, inference plan', 50, () => void forecastFuture(model, prepared, 1));
  measure('one forecast, model.predict', 50, withPredictPath(() => void forecastFuture(model, prepared, 1)));
  measure('24-step rollout, inference plan', 30, () => void forecastFuture(model, prepared, 24));
  measure('24-step rollout, model.predict', 30, withPredictPath(() => void forecastFuture(model, prepared, 24)));
  console.log(`machine at the end: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  model.dispose();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
