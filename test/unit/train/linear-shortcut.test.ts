import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { parseTable, prepareSeries, type Table } from '../../../src-main/engine/data';
import { modelDims, runExperiment } from '../../../src-main/engine/experiment';
import { loadModelDir, saveModelDir } from '../../../src-main/engine/export';
import { buildModel, defaultRecurrentCore, recurrentCoreOf } from '../../../src-main/engine/model';
import { RunConfig, type RunConfigInput, type TrainingEvent } from '../../../src-main/engine/spec';
import { memberOutputsModel, ridgeFit, TrainingJob } from '../../../src-main/engine/train';
import { chooseRidge, linearFitLoss, RIDGE_CANDIDATES } from '../../../src-main/engine/train/linear-shortcut-fit';
import type { TrainingBatch } from '../../../src-main/engine/train/types';
import { rng } from '../pipeline/fixtures';

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = await mkdtemp(join(tmpdir(), 'linear-shortcut-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Two sines and a trend: (1 − B)²·Π(1 − 2cos ω·B + B²) annihilates it, an exact linear AR(6) with no noise. */
function linearArSeries(rows: number): number[] {
  return Array.from({ length: rows }, (_, t) => 50 + 0.05 * t + 3 * Math.sin((2 * Math.PI * t) / 12) + 1.5 * Math.cos((2 * Math.PI * t) / 7 + 0.3));
}

function tableOf(values: number[]): Promise<Table> {
  return parseTable('linear-ar.csv', ['t,y', ...values.map((v, i) => `${i},${v.toFixed(9)}`)].join('\n'));
}

function shortcutConfig(overrides: Partial<RunConfigInput['model']> = {}, train: RunConfigInput['train'] = {}): RunConfig {
  return RunConfig.parse({
    series: { target: ['y'], transforms: [], scaler: 'standard' },
    window: { lookback: 10, horizon: 2 },
    model: { cell: 'gru', layers: [{ units: 4 }], linearShortcut: true, ...overrides },
    train: { epochs: 3, batchSize: 16, seed: 4, earlyStopping: null, refit: false, chooseRecipe: false, ...train },
  });
}

describe('ridgeFit', () => {
  it('recovers an exact linear map with a bias, and gives constant columns no weight', () => {
    const rand = rng(3);
    const count = 200;
    const p = 5;
    const q = 2;
    const trueKernel = [0.5, -1, 2, 0, 0.25, 1.5, 0, 0, -0.7, 0];
    const x = new Float32Array(count * p);
    const y = new Float32Array(count * q);
    for (let r = 0; r < count; r++) {
      for (let j = 0; j < p; j++) x[r * p + j] = j === 3 ? 7 : 4 * rand() - 2;
      for (let c = 0; c < q; c++) {
        let sum = c === 0 ? 1 : -2;
        for (let j = 0; j < p; j++) sum += x[r * p + j] * trueKernel[j * q + c];
        y[r * q + c] = sum;
      }
    }
    const fit = ridgeFit(x, y, count, p, q, 1e-9);
    trueKernel.forEach((w, i) => expect(fit.kernel[i]).toBeCloseTo(w, 4));
    expect([fit.kernel[3 * q], fit.kernel[3 * q + 1]]).toEqual([0, 0]);
    expect(fit.bias[0]).toBeCloseTo(1, 3);
    expect(fit.bias[1]).toBeCloseTo(-2, 3);
  });
});

/** Windows of `lookback` past values of `series` (one feature) and the next value as target. */
function windowsOf(series: number[], lookback: number, from: number, to: number): TrainingBatch {
  const count = to - from;
  const x = new Float32Array(count * lookback);
  const y = new Float32Array(count);
  for (let w = 0; w < count; w++) {
    for (let j = 0; j < lookback; j++) x[w * lookback + j] = series[from + w + j];
    y[w] = series[from + w + lookback];
  }
  return { count, x, xShape: [count, lookback, 1], y, yShape: [count, 1, 1] };
}

describe('chooseRidge', () => {
  it('keeps a light ridge where the lags predict, and no autoregression where they do not', () => {
    const rand = rng(9);
    // An AR(2) with noise: the lags carry the signal, so validation prefers (nearly) least squares.
    const ar = [0, 0];
    for (let t = 2; t < 400; t++) ar.push(1.2 * ar[t - 1] - 0.5 * ar[t - 2] + (rand() - 0.5));
    const arChoice = chooseRidge(windowsOf(ar, 24, 0, 300), windowsOf(ar, 24, 300, 376));
    expect(arChoice.ridge).toBeLessThanOrEqual(1e-1);
    expect(arChoice.losses).toHaveLength(RIDGE_CANDIDATES.length);
    // White noise around a level (the differences of a random walk with drift): 24 lags from 90 windows
    // only fit noise; validation keeps the mean alone, the drift.
    const steps = Array.from({ length: 140 }, () => 0.3 + (rand() - 0.5));
    const noiseChoice = chooseRidge(windowsOf(steps, 24, 0, 90), windowsOf(steps, 24, 90, 116));
    expect(noiseChoice.ridge).toBeGreaterThanOrEqual(1);
    const best = Math.min(...noiseChoice.losses);
    expect(noiseChoice.losses[RIDGE_CANDIDATES.indexOf(noiseChoice.ridge)]).toBe(best);
    expect(noiseChoice.losses[0]).toBeGreaterThan(best);
  });

  it('scores the mean alone (infinite ridge) as the targets\' mean', () => {
    const series = Array.from({ length: 60 }, (_, t) => (t % 5) - 2);
    const train = windowsOf(series, 6, 0, 40);
    const fit = ridgeFit(train.x, train.y, train.count, 6, 1, Infinity);
    expect(Array.from(fit.kernel).every((w) => w === 0)).toBe(true);
    const mean = train.y.reduce((a, b) => a + b, 0) / train.count;
    expect(fit.bias[0]).toBeCloseTo(mean, 6);
    const loss = linearFitLoss(fit, train);
    expect(loss).toBeCloseTo(train.y.reduce((a, b) => a + (b - mean) ** 2, 0) / train.count, 5);
  });
});

describe('the linear shortcut in training', () => {
  it('predicts an exactly linear autoregressive series at epoch 0, before any gradient step', async () => {
    const table = await tableOf(linearArSeries(240));
    for (const ensemble of [1, 3]) {
      const config = shortcutConfig({ ensemble });
      const events: TrainingEvent[] = [];
      const result = await runExperiment({ table, config, onEvent: (event) => events.push(event) });
      const checkpoints = events.filter((e): e is Extract<TrainingEvent, { type: 'checkpoint' }> => e.type === 'checkpoint');
      expect(checkpoints[0].epoch).toBe(0);
      // Scaled units (standard scaler): an RMSE of 1e-3 of a standard deviation.
      expect(Math.sqrt(checkpoints[0].valLoss)).toBeLessThan(1e-3);
      expect(result.status).toBe('completed');
      result.model.dispose();
    }
  });

  it('forecasts every validation window of that series at epoch 0 within 2e-3 (scaled units; the small ridge is the gap)', async () => {
    const table = await tableOf(linearArSeries(240));
    const config = shortcutConfig({}, { epochs: 1 });
    const prepared = prepareSeries(table, config.series, config.window, config.model.topology);
    const model = buildModel(config.model, modelDims(prepared), config.train.seed);
    const val = prepared.windows('val');
    let maxError = Number.NaN;
    const job = new TrainingJob({
      model,
      spec: config.train,
      train: prepared.windows('train'),
      val,
      onEvent: () => undefined,
      onImproved: async (epoch) => {
        if (epoch !== 0) return;
        const predicted = tf.tidy(() => (model.predict(tf.tensor3d(val.x, val.xShape)) as tf.Tensor).dataSync());
        maxError = Math.max(...Array.from(predicted, (v, i) => Math.abs(v - val.y[i])));
      },
    });
    await job.run();
    model.dispose();
    expect(maxError).toBeLessThan(2e-3);
  });

  it('keeps the fitted linear model when no epoch beats it: completed (not no-improvement), said so, and refitted on train + validation without epochs', async () => {
    const table = await tableOf(linearArSeries(240));
    // A learning rate that throws the network far off: every epoch is worse than the exact linear fit.
    const config = shortcutConfig({}, { epochs: 2, refit: true, optimizer: { kind: 'adam', lr: 5 }, earlyStopping: { patience: 8, minEpochs: 30 } });
    const result = await runExperiment({ table, config, onEvent: () => undefined });
    expect(result.status).toBe('completed');
    expect(result.message).toMatch(/The linear autoregression the model starts from \(epoch 0\) scored best on validation/);
    expect(result.summary?.bestEpoch).toBe(0);
    expect(result.summary?.linearShortcut).toBe(true);
    expect(result.summary?.notes?.join(' ')).toMatch(/the linear autoregression refitted on train \+ validation rows/);
    // The final model is the linear fit on train + validation: the network's output is still zero.
    const zeroHead = result.model.getLayer('dense_out').getWeights().every((w) => Math.max(...Array.from(w.dataSync(), Math.abs)) === 0);
    expect(zeroHead).toBe(true);
    expect(result.summary!.test.mase).toBeLessThan(0.05);
    result.model.dispose();
  });

  it('with minEpochs, epoch 0 stays a candidate but early stopping waits for the minimum before ending the run', async () => {
    const table = await tableOf(linearArSeries(240));
    const config = shortcutConfig({}, { epochs: 10, optimizer: { kind: 'adam', lr: 5 }, earlyStopping: { patience: 1, minEpochs: 6 } });
    const epochs: number[] = [];
    const result = await runExperiment({ table, config, onEvent: (e) => e.type === 'epoch' && epochs.push(e.epoch) });
    expect(result.summary?.bestEpoch).toBe(0);
    expect(epochs).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.message).toMatch(/Early stopping at epoch 6: .*the weights of the fitted linear autoregression \(epoch 0\) were kept/);
    result.model.dispose();
  });

  it('trains an ensemble on each member plus the shared shortcut, the model output being their mean', async () => {
    const table = await tableOf(linearArSeries(200).map((v, t) => v + 0.3 * Math.sin(t * t * 0.01)));
    const config = shortcutConfig({ ensemble: 2 });
    const prepared = prepareSeries(table, config.series, config.window, config.model.topology);
    const model = buildModel(config.model, modelDims(prepared), config.train.seed);
    const members = memberOutputsModel(model)!;
    expect(members.outputs).toHaveLength(2);
    // Give the members different output weights so the check below could fail.
    model.getLayer('m1_dense_out').setWeights(model.getLayer('m1_dense_out').getWeights().map((w) => tf.onesLike(w)));
    const x = tf.randomNormal([3, 10, 1], 0, 1, 'float32', 2);
    const [a, b] = members.predict(x) as tf.Tensor[];
    const whole = model.predict(x) as tf.Tensor;
    const mean = tf.div(tf.add(a, b), 2);
    expect(tf.max(tf.abs(tf.sub(mean, whole))).dataSync()[0]).toBeLessThan(1e-5);
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeGreaterThan(1e-3);
    tf.dispose([x, a, b, whole, mean]);
    model.dispose();
  });

  it('keeps the tensor count steady from epoch to epoch, runs on the fastest core, and its saved model reloads and predicts identically', async () => {
    const table = await tableOf(linearArSeries(200).map((v, t) => v + 0.2 * Math.sin(t * t * 0.013)));
    const config = shortcutConfig({ ensemble: 2 }, { epochs: 4, refit: true, earlyStopping: null });
    const counts: number[] = [];
    const result = await runExperiment({
      table,
      config,
      onEvent: (event) => {
        if (event.type === 'epoch') counts.push(tf.memory().numTensors);
      },
    });
    // The first run's 4 epochs and the refit's: the same count after each of the first run's.
    expect(counts.length).toBeGreaterThanOrEqual(4);
    expect(new Set(counts.slice(0, 4)).size).toBe(1);
    expect(result.status).toBe('completed');
    expect(recurrentCoreOf(result.model)).toBe(defaultRecurrentCore().id);

    const saved = join(dir, 'model');
    await saveModelDir(saved, result.model, result.prepared.preprocessing);
    const { model: loaded } = await loadModelDir(saved);
    expect(recurrentCoreOf(loaded)).toBe(defaultRecurrentCore().id);
    expect(loaded.outputs[0].sourceLayer.name).toBe('shortcut_add');
    const test = result.prepared.windows('test');
    const x = tf.tensor3d(test.x, test.xShape);
    const before = result.model.predict(x) as tf.Tensor;
    const after = loaded.predict(x) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(before, after))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, before, after]);
    loaded.dispose();
    result.model.dispose();
  });
});
