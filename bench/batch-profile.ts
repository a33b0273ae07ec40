/**
 * Where one training batch's time goes, stage by stage, as TrainingJob.trainBatch runs them: gather the
 * batch, forward + loss + backward (tf.variableGrads), the loss and gradients read back with their
 * norms, clipping (a scale inside the update) and the Adam update on the gradients read. Reference
 * config (1 layer, 64 units, lookback 48, batch 64), native backend, both cores.
 *
 *   npm run bench:batch            # median CPU ms per stage over 60 batches, after 10 warm-up batches
 *
 * The fused core's SimpleRNN and GRU are measured twice: on RNN Studio's addon and without it (TensorFlow ops, GRUBlockCell).
 *
 * TensorFlow executes eagerly and synchronously here, so a stage's time is spent inside it. Prints
 * numbers; asserts nothing.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src-main/engine/backend';
import { buildModel, fastRecurrentCore, fusedNativeCore } from '../src-main/engine/model';
import { ModelSpec, type CellType } from '../src-main/engine/spec';
import { createOptimizer } from '../src-main/engine/train';
import { clipScaleForNorm } from '../src-main/engine/train/clipping';
import type { HostAdamOptimizer } from '../src-main/engine/train/host-adam';

const [UNITS, LOOKBACK, BATCH, WARMUP, BATCHES] = [64, 48, 64, 10, 60];
const STAGES = ['gather', 'forward+backward', 'grad norms', 'clip', 'adam', 'dispose'] as const;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function profile(cell: CellType, core: typeof fusedNativeCore) {
  const model = buildModel(ModelSpec.parse({ cell, layers: [{ units: UNITS }] }), { lookback: LOOKBACK, horizon: 1, inputFeatures: 1, targets: 1 }, 1, core);
  const xAll = tf.randomNormal([8 * BATCH, LOOKBACK, 1], 0, 1, 'float32', 1);
  const yAll = tf.randomNormal([8 * BATCH, 1, 1], 0, 1, 'float32', 2);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = createOptimizer({ kind: 'adam', lr: 1e-3 }) as HostAdamOptimizer;
  const times: Record<string, number[]> = Object.fromEntries(STAGES.map((s) => [s, []]));
  for (let b = 0; b < WARMUP + BATCHES; b++) {
    // CPU time of this process (µs resolution): a loaded machine stretches the wall time of a stage
    // several-fold while it waits for a core, the CPU time far less.
    const cpuMs = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const marks: number[] = [cpuMs()];
    const mark = () => marks.push(cpuMs());
    const [x, y] = tf.tidy(() => {
      const idx = tf.tensor1d(Int32Array.from({ length: BATCH }, (_, i) => ((b * BATCH + i * 7) % (8 * BATCH))), 'int32');
      return [tf.gather(xAll, idx), tf.gather(yAll, idx)];
    });
    mark();
    const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, variables);
    mark();
    // As TrainingJob.trainBatch: the loss and each gradient read once, the norms summed here.
    await value.data();
    const read = variables.map((v) => grads[v.name].dataSync() as Float32Array);
    const norm = Math.sqrt(read.reduce((sum, g) => g.reduce((a, v) => a + v * v, sum), 0));
    mark();
    // Always clipped (a scale), so the update does the same work every batch.
    const scale = clipScaleForNorm(norm * 2, norm);
    mark();
    optimizer.applyHostGradients(variables.map((v, i) => ({ name: v.name, values: read[i] })), scale);
    mark();
    tf.dispose([x, y, value, ...Object.values(grads)]);
    mark();
    if (b >= WARMUP) STAGES.forEach((stage, i) => times[stage].push(marks[i + 1] - marks[i]));
  }
  tf.dispose([xAll, yAll]);
  optimizer.dispose();
  model.dispose();
  return Object.fromEntries(STAGES.map((s) => [s, median(times[s])]));
}

async function main() {
  await initBackend('tensorflow');
  console.log(`median CPU ms per stage of one training batch (${UNITS} units, lookback ${LOOKBACK}, batch ${BATCH}, Adam, clip by norm), native backend`);
  console.log(`core              cell  ${STAGES.map((s) => s.padStart(18)).join('')}           total`);
  const print = (label: string, cell: string, stages: Record<string, number>) => {
    const total = Object.values(stages).reduce((a, v) => a + v, 0);
    console.log(`${label.padEnd(17)} ${cell.padEnd(5)} ${STAGES.map((s) => stages[s].toFixed(2).padStart(18)).join('')} ${total.toFixed(2).padStart(15)}`);
  };
  for (const core of [fusedNativeCore, fastRecurrentCore]) {
    for (const cell of ['lstm', 'gru', 'rnn'] as CellType[]) print(core.id, cell, await profile(cell, core));
    if (core !== fusedNativeCore) continue;
    // The same fused GRU and SimpleRNN without RNN Studio's addon (GRUBlockCell, TensorFlow ops per step), in the same run.
    process.env.RNN_STUDIO_NATIVE_ADDON = 'off';
    print('fused, no addon', 'gru', await profile('gru', core));
    print('fused, no addon', 'rnn', await profile('rnn', core));
    delete process.env.RNN_STUDIO_NATIVE_ADDON;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
