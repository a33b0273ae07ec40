import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src-main/engine/backend';
import { buildModel } from '../src-main/engine/model';
import { TrainingJob } from '../src-main/engine/train';
import { TrainSpec, ModelSpec } from '../src-main/engine/spec';
const L = 48;
function data(count: number) { const x = new Float32Array(count * L), y = new Float32Array(count); for (let i = 0; i < count; i++) { for (let t = 0; t < L; t++) x[i * L + t] = Math.sin((i + t) / 7); y[i] = Math.sin((i + L) / 7); } return { count, x, xShape: [count, L, 1] as [number, number, number], y, yShape: [count, 1, 1], endRows: new Int32Array(count) }; }
(async () => {
  await initBackend('tensorflow');
  for (const cell of ['lstm', 'gru', 'rnn'] as const) {
    const model = buildModel(ModelSpec.parse({ cell, layers: [{ units: 64 }] }), { lookback: L, horizon: 1, inputFeatures: 1, targets: 1 }, 1);
    const rates: number[] = [];
    const job = new TrainingJob({ model, spec: TrainSpec.parse({ epochs: 5, batchSize: 64, earlyStopping: null, clip: { kind: 'norm', value: 1 } }), train: data(2048), val: data(64), onEvent: (e) => { if (e.type === 'epoch') rates.push(Math.round(e.samplesPerSecond)); } });
    const r = await job.run();
    console.log(cell, rates.join(' '), 'overall', Math.round(r.samplesPerSecond), tf.memory().numTensors);
    model.dispose();
  }
})();
