/**
 * Training and inference throughput of the engine's real training path (buildModel + TrainingJob),
 * for RNN, LSTM and GRU (64 units, lookback 48, batch 64), on every backend that starts here.
 *
 *   npm run bench                       # every backend, each in its own process
 *   npm run bench -- --backend wasm     # one backend
 *
 * Prints numbers; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendPreference } from '../src-main/engine/backend';
import { buildModel } from '../src-main/engine/model';
import { TrainingJob } from '../src-main/engine/train';
import { TrainSpec, ModelSpec, type CellType } from '../src-main/engine/spec';

const LOOKBACK = 48;
const UNITS = 64;
const BATCH = 64;
const CELLS: CellType[] = ['rnn', 'lstm', 'gru'];

function syntheticBatch(count: number) {
  const x = new Float32Array(count * LOOKBACK);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    for (let t = 0; t < LOOKBACK; t++) x[i * LOOKBACK + t] = Math.sin((i + t) / 7);
    y[i] = Math.sin((i + LOOKBACK) / 7);
  }
  return { count, x, xShape: [count, LOOKBACK, 1] as [number, number, number], y, yShape: [count, 1, 1], endRows: new Int32Array(count) };
}

/** The plain-JS backend is an order of magnitude slower: a smaller workload measures the same rate. */
function workload(backend: string) {
  return backend === 'cpu' ? { samples: 256, epochs: 1, rounds: 2 } : { samples: 1024, epochs: 3, rounds: 10 };
}

async function benchCell(cell: CellType, backend: string) {
  const { samples: SAMPLES, epochs, rounds } = workload(backend);
  const dims = { lookback: LOOKBACK, horizon: 1, inputFeatures: 1, targets: 1 };
  const model = buildModel(ModelSpec.parse({ cell, layers: [{ units: UNITS }] }), dims, 1);
  const data = syntheticBatch(SAMPLES);
  const spec = TrainSpec.parse({ epochs, batchSize: BATCH, earlyStopping: null, clip: { kind: 'norm', value: 1 } });
  const job = new TrainingJob({ model, spec, train: data, val: syntheticBatch(BATCH), onEvent: () => undefined });
  const result = await job.run();

  const input = tf.tensor3d(data.x, data.xShape);
  tf.tidy(() => model.predict(input.slice(0, BATCH))); // warm-up
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    const out = tf.tidy(() => model.predict(input.slice(((r * BATCH) % (SAMPLES - BATCH)), BATCH)) as tf.Tensor);
    await out.data();
    out.dispose();
  }
  const inferencePerSecond = (rounds * BATCH) / ((performance.now() - t0) / 1000);
  input.dispose();
  model.dispose();
  return { cell, trainSamplesPerSecond: result.samplesPerSecond, inferenceSamplesPerSecond: inferencePerSecond };
}

async function runOne(preference: BackendPreference) {
  const info = await initBackend(preference);
  const rows = [];
  for (const cell of CELLS) rows.push(await benchCell(cell, info.name));
  return { backend: info.name, tensorflow: info.tensorflowVersion, rows };
}

async function main() {
  const at = process.argv.indexOf('--backend');
  const only = at > 0 ? (process.argv[at + 1] as BackendPreference) : undefined;
  if (only) {
    const result = await runOne(only);
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    return;
  }
  console.log(`RNN Studio throughput: ${UNITS} units, lookback ${LOOKBACK}, batch ${BATCH}, one layer, many-to-one; the engine's training loop (gradient norms and clipping included)`);
  console.log('backend      cell   train samples/s   inference samples/s');
  for (const backend of ['tensorflow', 'wasm', 'cpu'] as const) {
    // One process per backend: each starts clean, as a user's run would.
    const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--backend', backend], { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
    const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) {
      console.log(`${backend.padEnd(12)} unavailable: ${(child.stderr || '').trim().split('\n').pop()}`);
      continue;
    }
    const result = JSON.parse(line.slice(7)) as Awaited<ReturnType<typeof runOne>>;
    for (const row of result.rows) {
      console.log(`${result.backend.padEnd(12)} ${row.cell.padEnd(6)} ${row.trainSamplesPerSecond.toFixed(0).padStart(15)}   ${row.inferenceSamplesPerSecond.toFixed(0).padStart(19)}`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
