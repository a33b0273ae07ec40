import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src-main/engine/backend';
import { buildModel, fusedNativeCore } from '../src-main/engine/model';
import { ModelSpec, TrainSpec, type CellType } from '../src-main/engine/spec';
import { TrainingJob } from '../src-main/engine/train';

function syntheticWindows(count: number, lookback: number) {
  const x = new Float32Array(count * lookback);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    for (let t = 0; t < lookback; t++) x[i * lookback + t] = Math.sin((i + t) / 7);
    y[i] = Math.sin((i + lookback) / 7);
  }
  return { count, x, xShape: [count, lookback, 1] as [number, number, number], y, yShape: [count, 1, 1], endRows: new Int32Array(count) };
}
async function main() {
  await initBackend('tensorflow');
  const counts = new Map<string, number>();
  let counting = false;
  for (const k of tf.getKernelsForBackend('tensorflow')) {
    const kf = k.kernelFunc;
    (k as { kernelFunc: typeof kf }).kernelFunc = (args) => {
      if (counting) {
        const key = k.kernelName === 'Reshape' ? `Reshape ${JSON.stringify((args.inputs.x as tf.TensorInfo).shape)}->${JSON.stringify(args.attrs?.shape)}` : k.kernelName;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return kf(args);
    };
  }
  const cell = (process.argv[2] ?? 'rnn') as CellType;
  const model = buildModel(ModelSpec.parse({ cell, layers: [{ units: 64 }] }), { lookback: 48, horizon: 1, inputFeatures: 1, targets: 1 }, 1, fusedNativeCore);
  const spec = TrainSpec.parse({ epochs: 10_000, batchSize: 64, earlyStopping: null, clip: { kind: 'norm', value: 1 }, logEveryBatches: 1 });
  let batches = 0;
  let c0 = process.cpuUsage();
  const N = Number(process.argv[3] ?? 300);
  const job: TrainingJob = new TrainingJob({
    model, spec, train: syntheticWindows(8 * 64, 48), val: syntheticWindows(64, 48),
    onEvent: (e) => {
      if (e.type !== 'batch') return;
      batches++;
      if (batches === 20) { c0 = process.cpuUsage(); counting = true; }
      if (batches === 20 + N) { const c = process.cpuUsage(c0); console.log(`cpu ms/batch ${((c.user + c.system) / 1000 / N).toFixed(2)} → ${(64 / ((c.user + c.system) / 1e6 / N)).toFixed(0)} samples/cpu-s`); job.stop(); console.log([...counts.entries()].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${(v / N).toFixed(1)}`).join(', ')); }
    },
  });
  await job.run();
}
void main();
