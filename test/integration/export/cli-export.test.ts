/**
 * `rnn-studio export` end to end on a really trained run: the three formats, the Python kit
 * (predict.py's forecast equals `rnn-studio predict` on the same file, for the .keras and the .onnx
 * model; train.py trains one epoch with tf.distribute), and the refusals. The fixture is a seed
 * ensemble of two, so every step also carries the members and their Average layer.
 */
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelDir } from '../../../src-main/engine/export';
import { chooseRidge, ridgeFit } from '../../../src-main/engine/train/linear-shortcut-fit';
import { cli, tempDir } from '../runs/harness';
import { exportPython, runPython } from './python-env';

let dir: { path: string; remove: () => Promise<void> };
let python: string;
const run = (): string => join(dir.path, 'run');
const data = (): string => join(dir.path, 'sales.csv');

/** A daily series with a feature, a gap, and a trend: log then diff are both needed to undo. */
function salesCsv(): string {
  const rows = ['date,sales,temp'];
  for (let i = 0; i < 120; i++) {
    const date = new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
    const sales = 50 + 10 * Math.sin(i / 3) + 0.3 * i;
    const temp = 20 + 5 * Math.cos(i / 3);
    rows.push(`${date},${i === 40 ? '' : sales.toFixed(3)},${temp.toFixed(2)}`);
  }
  return rows.join('\n') + '\n';
}

const CONFIG = {
  series: { target: ['sales'], features: ['temp'], date: 'date', missing: 'interpolate', transforms: [{ kind: 'log' }, { kind: 'diff' }], scaler: 'standard' },
  window: { lookback: 8, horizon: 3 },
  model: { cell: 'gru', layers: [{ units: 6 }, { units: 4 }], bidirectional: true, topology: 'encoder-decoder', ensemble: 2 },
  train: { epochs: 8, batchSize: 16, seed: 3, optimizer: { kind: 'adam', lr: 0.01 } },
};

beforeAll(async () => {
  python = exportPython();
  dir = await tempDir('cli-export');
  await writeFile(data(), salesCsv());
  await writeFile(join(dir.path, 'config.json'), JSON.stringify(CONFIG));
  const trained = await cli(['train', '--data', data(), '--config', join(dir.path, 'config.json'), '--out', run()]);
  if (trained.code !== 0) throw new Error(`training the fixture run failed: ${trained.stderr}`);
  if (!existsSync(join(run(), 'model', 'model.json'))) throw new Error('the fixture run saved no model');
}, 1_200_000);

afterAll(async () => {
  await dir?.remove();
});

/** predicted_<target> of the future rows `rnn-studio predict` wrote. */
function futureOf(csv: string): number[] {
  const [header, ...lines] = csv.trim().split('\n');
  const column = header.split(',').indexOf('predicted_sales');
  return lines.filter((l) => l.startsWith('future,')).map((l) => Number(l.split(',')[column]));
}

function pythonForecast(csv: string): number[] {
  const [header, ...lines] = csv.trim().split('\n');
  const column = header.split(',').indexOf('predicted_sales');
  return lines.map((l) => Number(l.split(',')[column]));
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** Each forecast step equal to the expected one to 1e-4 relative. */
function expectClose(got: number[], expected: number[], label: string): void {
  expect(got, label).toHaveLength(expected.length);
  got.forEach((value, h) => expect(Math.abs(value - expected[h]), `${label} step ${h + 1}: ${value} vs ${expected[h]}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected[h]))));
}

/** predict.py of an export forecasts the data file as `rnn-studio predict` does with the run; returns its forecast. */
async function expectPredictPyMatches(runDir: string, exportDir: string, tag: string, steps: number): Promise<number[]> {
  const predictions = join(dir.path, `predictions-${tag}.csv`);
  expect((await cli(['predict', '--model', runDir, '--data', data(), '--out', predictions])).code).toBe(0);
  const expected = futureOf(await readFile(predictions, 'utf8'));
  expect(expected).toHaveLength(steps);
  const result = runPython(python, [join(exportDir, 'predict.py'), data()]);
  expect(result.code, result.stderr.slice(-2000)).toBe(0);
  const got = pythonForecast(result.stdout);
  expectClose(got, expected, tag);
  return got;
}

/**
 * Rebuilds the model with train.py's build_model from run-config.json, copies the exported weights in
 * and answers whether it has the exported model's layers and outputs, and the shortcut's largest weight.
 */
const CHECK_REBUILD = `
import json, os, sys
import numpy as np
kit = sys.argv[1]
sys.path.insert(0, kit)
import keras
import train
config = json.load(open(os.path.join(kit, "run-config.json")))
record = json.load(open(os.path.join(kit, "preprocessing.json")))
exported = keras.saving.load_model(os.path.join(kit, "model.keras"), compile=False)
lookback, horizon, features = record["window"]["lookback"], record["window"]["horizon"], len(record["inputColumns"])
rebuilt = train.build_model(config["model"], lookback, horizon, features, len(record["targets"]))
train.copy_weights(rebuilt, exported)
x = np.random.default_rng(0).normal(size=(4, lookback, features)).astype(np.float32)
print(json.dumps({
    "sameLayers": sorted((l.name, l.__class__.__name__) for l in rebuilt.layers) == sorted((l.name, l.__class__.__name__) for l in exported.layers),
    "difference": float(np.abs(np.asarray(rebuilt(x, training=False)) - np.asarray(exported(x, training=False))).max()),
    "shortcutWeight": float(np.abs(exported.get_layer("shortcut_dense").get_weights()[0]).max()),
}))
`;

/** train.py's fit_shortcut on its own training windows: the windows, and the shortcut's kernel and bias it set. */
const CHECK_FIT = `
import json, os, sys
import numpy as np
kit, data = sys.argv[1], sys.argv[2]
sys.path.insert(0, kit)
import train
import rnn_studio_pipeline as pipeline
config = json.load(open(os.path.join(kit, "run-config.json")))
record = pipeline.load_preprocessing(os.path.join(kit, "preprocessing.json"))
values, x = pipeline.read_table(data, record)
values, _ = pipeline.repair_missing(values, x, record["missing"])
ends, _ = train.split_ends(values.shape[1], record, record["split"])
x_train, y_train = pipeline.windows(pipeline.model_columns(values, record), record, *ends["train"])
x_val, y_val = pipeline.windows(pipeline.model_columns(values, record), record, *ends["val"])
model = train.build_model(config["model"], record["window"]["lookback"], record["window"]["horizon"], len(record["inputColumns"]), len(record["targets"]))
ridge = train.fit_shortcut(model, x_train, y_train, x_val, y_val)
assert ridge is not None
kernel, bias = model.get_layer("shortcut_dense").get_weights()
outs = [float(np.abs(w).max()) for l in model.layers if l.name.endswith("dense_out") for w in l.get_weights()]
print(json.dumps({"x": x_train.reshape(-1).tolist(), "y": y_train.reshape(-1).tolist(), "count": len(x_train), "xVal": x_val.reshape(-1).tolist(), "yVal": y_val.reshape(-1).tolist(), "valCount": len(x_val), "ridge": None if ridge == float("inf") else ridge, "kernel": kernel.reshape(-1).tolist(), "bias": bias.tolist(), "outputWeights": outs}))
`;

/** Trains a run with `model` (on the sales file), exports it as Keras and ONNX and checks the kit of each; returns the Keras export's folder. */
async function trainAndExportShortcut(tag: string, model: Record<string, unknown>): Promise<string> {
  const config = {
    series: { target: ['sales'], features: ['temp'], date: 'date', missing: 'interpolate', transforms: [{ kind: 'log' }, { kind: 'diff' }], scaler: 'standard' },
    window: { lookback: 8, horizon: 3 },
    model: { cell: 'lstm', layers: [{ units: 5 }], topology: 'many-to-one', linearShortcut: true, ...model },
    train: { epochs: 4, batchSize: 16, seed: 11, optimizer: { kind: 'adam', lr: 0.01 } },
  };
  const configPath = join(dir.path, `${tag}-config.json`);
  await writeFile(configPath, JSON.stringify(config));
  const runDir = join(dir.path, `run-${tag}`);
  const trained = await cli(['train', '--data', data(), '--config', configPath, '--out', runDir]);
  expect(trained.code, trained.stderr).toBe(0);
  expect(existsSync(join(runDir, 'model', 'model.json')), `the ${tag} fixture saved a model`).toBe(true);
  const forecasts: number[][] = [];
  for (const format of ['keras', 'onnx']) {
    const out = join(dir.path, `export-${tag}-${format}`);
    const exported = await cli(['export', '--model', runDir, '--format', format, '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    forecasts.push(await expectPredictPyMatches(runDir, out, `${tag}-${format}`, 3));
  }
  const kit = join(dir.path, `export-${tag}-keras`);
  const rebuilt = runPython(python, ['-c', CHECK_REBUILD, kit]);
  expect(rebuilt.code, rebuilt.stderr.slice(-3000)).toBe(0);
  const check = JSON.parse(rebuilt.stdout.trim().split('\n').pop()!) as { sameLayers: boolean; difference: number; shortcutWeight: number };
  expect(check.sameLayers, 'train.py rebuilds the exported layers').toBe(true);
  expect(check.difference, 'the rebuilt model with the exported weights predicts as the export').toBeLessThan(1e-5);
  // The shortcut starts from its least-squares fit, so a trained run's shortcut is not the zero it is built with.
  expect(check.shortcutWeight).toBeGreaterThan(1e-3);
  return kit;
}

describe('rnn-studio export of a run with the linear shortcut (model.linearShortcut)', () => {
  it('a single network: the .keras and .onnx exports forecast as `rnn-studio predict` does, and train.py rebuilds it', async () => {
    await trainAndExportShortcut('shortcut', {});
  });

  it("the tfjs export loads in stock tfjs (tf.loadLayersModel) with the shortcut's layers and predicts as the run's model", async () => {
    const runDir = join(dir.path, 'run-shortcut');
    const out = join(dir.path, 'export-shortcut-tfjs');
    const exported = await cli(['export', '--model', runDir, '--format', 'tfjs', '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, 'model.json'), 'utf8')) as { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
    expect(manifest.weightsManifest.map((group) => group.paths)).toEqual([['./weights.bin']]);
    const bytes = await readFile(join(out, 'weights.bin'));
    const stock = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: manifest.modelTopology, weightSpecs: manifest.weightsManifest[0].weights, weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }));
    const { model } = await loadModelDir(join(runDir, 'model'));
    try {
      expect(stock.layers.map((l) => l.getClassName()).slice(-1)).toEqual(['Add']);
      expect(stock.layers.map((l) => l.name)).toEqual(expect.arrayContaining(['shortcut_flatten', 'shortcut_dense', 'shortcut_reshape', 'shortcut_add']));
      const x = tf.randomNormal([4, 8, 2], 0, 1, 'float32', 5);
      const [got, expected] = [stock.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor];
      const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(got, expected))).dataSync()[0]);
      tf.dispose([x, got, expected]);
      expect(difference).toBeLessThan(1e-5);
    } finally {
      stock.dispose();
      model.dispose();
    }
  });

  it('a 2-member ensemble (shortcut added after the mean): the same, and train.py --from-scratch trains it for one epoch', async () => {
    const kit = await trainAndExportShortcut('shortcut-ensemble', { cell: 'gru', ensemble: 2 });
    // train.py's starting shortcut is the app's ridge fit (engine/train/linear-shortcut-fit.ts) on the same windows.
    const fitted = runPython(python, ['-c', CHECK_FIT, kit, data()]);
    expect(fitted.code, fitted.stderr.slice(-3000)).toBe(0);
    const fit = JSON.parse(fitted.stdout.trim().split('\n').pop()!) as { x: number[]; y: number[]; count: number; xVal: number[]; yVal: number[]; valCount: number; ridge: number | null; kernel: number[]; bias: number[]; outputWeights: number[] };
    expect(fit.count).toBe(75);
    const inputs = fit.x.length / fit.count;
    const outputs = fit.y.length / fit.count;
    const batch = (x: number[], y: number[], count: number) => ({ count, x: Float32Array.from(x), xShape: [count, inputs, 1] as [number, number, number], y: Float32Array.from(y), yShape: [count, outputs] });
    // The same ridge strength chosen on the same validation windows, then the same fit.
    const choice = chooseRidge(batch(fit.x, fit.y, fit.count), batch(fit.xVal, fit.yVal, fit.valCount));
    expect(fit.ridge ?? Infinity).toBe(choice.ridge);
    const expected = ridgeFit(Float32Array.from(fit.x), Float32Array.from(fit.y), fit.count, inputs, outputs, choice.ridge);
    expect(maxDifference(fit.kernel, expected.kernel), 'kernel').toBeLessThan(1e-4);
    expect(maxDifference(fit.bias, expected.bias), 'bias').toBeLessThan(1e-4);
    expect(Math.max(...expected.kernel.map(Math.abs))).toBeGreaterThan(1e-2);
    expect(fit.outputWeights).toHaveLength(4);
    expect(Math.max(...fit.outputWeights)).toBe(0);

    const out = join(dir.path, 'trained-shortcut.keras');
    const result = runPython(python, [join(kit, 'train.py'), data(), '--epochs', '1', '--from-scratch', '--strategy', 'default', '--out', out]);
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    expect(result.stderr).toMatch(/linear shortcut: starting from the least-squares fit of the training windows \(ridge .* per window, chosen on validation\)/);
    const summary = JSON.parse(result.stdout.trim().split('\n').pop()!) as { epochs: number; loss: number; val_loss: number };
    expect(summary.epochs).toBe(1);
    expect(Number.isFinite(summary.loss) && Number.isFinite(summary.val_loss)).toBe(true);
    expect(existsSync(out)).toBe(true);
  });
});

describe('rnn-studio export', () => {
  it('writes each format into a new folder: tfjs files, or the model with preprocessing.json, predict.py and train.py', async () => {
    for (const format of ['tfjs', 'keras', 'onnx']) {
      const out = join(dir.path, `export-${format}`);
      const result = await cli(['export', '--model', run(), '--format', format, '--out', out]);
      expect(result.code, result.stderr).toBe(0);
      const expected = format === 'tfjs' ? ['model.json', 'weights.bin', 'preprocessing.json'] : [`model.${format}`, 'preprocessing.json', 'predict.py', 'train.py', 'rnn_studio_pipeline.py', 'run-config.json'];
      for (const name of expected) {
        expect(existsSync(join(out, name)), `${format}: ${name}`).toBe(true);
        expect(result.stdout).toContain(join(out, name));
      }
    }
    const record = JSON.parse(await readFile(join(run(), 'model', 'preprocessing.json'), 'utf8')) as unknown;
    expect(JSON.parse(await readFile(join(dir.path, 'export-keras', 'preprocessing.json'), 'utf8'))).toEqual(record);
  });

  it("predict.py forecasts from the CSV in original units exactly as `rnn-studio predict` does (with the .keras and the .onnx model)", async () => {
    const predictions = join(dir.path, 'predictions.csv');
    const predicted = await cli(['predict', '--model', run(), '--data', data(), '--out', predictions]);
    expect(predicted.code, predicted.stderr).toBe(0);
    const expected = futureOf(await readFile(predictions, 'utf8'));
    expect(expected).toHaveLength(3);
    for (const format of ['keras', 'onnx']) {
      const result = runPython(python, [join(dir.path, `export-${format}`, 'predict.py'), data()]);
      expect(result.code, result.stderr.slice(-2000)).toBe(0);
      expectClose(pythonForecast(result.stdout), expected, format);
    }
  });

  it('predict.py matches `rnn-studio predict` for a many-to-many LSTM with Box-Cox, seasonal differencing, min-max scaling and forward fill', async () => {
    const config = {
      series: { target: ['sales'], features: ['temp'], date: 'date', missing: 'ffill', transforms: [{ kind: 'boxcox' }, { kind: 'seasonalDiff', period: 7 }], scaler: 'minmax' },
      window: { lookback: 10, horizon: 2 },
      model: { cell: 'lstm', layers: [{ units: 5 }], topology: 'many-to-many' },
      train: { epochs: 6, batchSize: 16, seed: 5, optimizer: { kind: 'adam', lr: 0.01 } },
    };
    const configPath = join(dir.path, 'm2m-config.json');
    await writeFile(configPath, JSON.stringify(config));
    const m2m = join(dir.path, 'run-m2m');
    const trained = await cli(['train', '--data', data(), '--config', configPath, '--out', m2m]);
    expect(trained.code, trained.stderr).toBe(0);
    expect(existsSync(join(m2m, 'model', 'model.json')), 'the many-to-many fixture saved a model').toBe(true);
    const out = join(dir.path, 'export-m2m');
    const exported = await cli(['export', '--model', m2m, '--format', 'keras', '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    await expectPredictPyMatches(m2m, out, 'm2m', 2);
  });

  it('predict.py matches `rnn-studio predict` with a known-in-advance feature and calendar columns read at the forecast rows', async () => {
    const config = {
      series: { target: ['sales'], features: [{ column: 'temp', knownInAdvance: true }], calendar: ['dayOfWeek'], date: 'date', transforms: [{ kind: 'log' }], scaler: 'standard' },
      window: { lookback: 7, horizon: 2 },
      model: { cell: 'lstm', layers: [{ units: 5 }] },
      train: { epochs: 4, batchSize: 16, seed: 7, optimizer: { kind: 'adam', lr: 0.01 } },
    };
    const configPath = join(dir.path, 'known-config.json');
    await writeFile(configPath, JSON.stringify(config));
    const known = join(dir.path, 'run-known');
    const trained = await cli(['train', '--data', data(), '--config', configPath, '--out', known]);
    expect(trained.code, trained.stderr).toBe(0);
    const record = JSON.parse(await readFile(join(known, 'model', 'preprocessing.json'), 'utf8')) as { knownInAdvance: string[] };
    expect(record.knownInAdvance).toEqual(['temp', 'dayOfWeek:sin', 'dayOfWeek:cos']);
    const out = join(dir.path, 'export-known');
    expect((await cli(['export', '--model', known, '--format', 'keras', '--out', out])).code).toBe(0);
    const got = await expectPredictPyMatches(known, out, 'known', 2);

    // With supplied future values: predict.py --future equals the first horizon of `rnn-studio forecast --future`.
    const futureFile = join(dir.path, 'future-temp.csv');
    await writeFile(futureFile, 'date,temp\n2020-04-30,31.5\n2020-05-01,12.25\n2020-05-02,20\n');
    const forecastOut = join(dir.path, 'forecast-known.csv');
    const forecasted = await cli(['forecast', '--model', known, '--data', data(), '--steps', '2', '--future', futureFile, '--out', forecastOut]);
    expect(forecasted.code, forecasted.stderr).toBe(0);
    expect(forecasted.stderr).toMatch(/temp: supplied \(known in advance\)/);
    const withFuture = pythonForecast(await readFile(forecastOut, 'utf8'));
    const pyFuture = runPython(python, [join(out, 'predict.py'), data(), '--future', futureFile]);
    expect(pyFuture.code, pyFuture.stderr.slice(-2000)).toBe(0);
    const gotFuture = pythonForecast(pyFuture.stdout);
    expect(gotFuture).not.toEqual(got);
    expectClose(gotFuture, withFuture, 'supplied');
  });

  it('train.py rebuilds the model and trains it for one epoch under MirroredStrategy, saving a .keras model', async () => {
    const out = join(dir.path, 'trained.keras');
    const result = runPython(python, [join(dir.path, 'export-keras', 'train.py'), data(), '--epochs', '1', '--out', out]);
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    expect(result.stderr).toMatch(/MirroredStrategy with \d+ replica\(s\); 75 training and 15 validation windows; global batch 16/);
    const summary = JSON.parse(result.stdout.trim().split('\n').pop()!) as { epochs: number; loss: number; val_loss: number };
    expect(summary.epochs).toBe(1);
    expect(Number.isFinite(summary.loss) && Number.isFinite(summary.val_loss)).toBe(true);
    expect(existsSync(out)).toBe(true);
  });

  it('refuses an --out that exists, a run without a model and a layer with no equivalent, each with exit 2 and the reason', async () => {
    const exists = await cli(['export', '--model', run(), '--format', 'keras', '--out', join(dir.path, 'export-keras')]);
    expect(exists.code).toBe(2);
    expect(exists.stderr).toMatch(/export-keras already exists; choose a new folder/);

    const untrained = join(dir.path, 'untrained');
    await mkdir(untrained);
    await copyFile(join(run(), 'run.json'), join(untrained, 'run.json'));
    const noModel = await cli(['export', '--model', untrained, '--format', 'onnx', '--out', join(dir.path, 'never')]);
    expect(noModel.code).toBe(2);
    expect(noModel.stderr).toMatch(/there is no trained model to export: .*model\.json is missing/);
    expect(existsSync(join(dir.path, 'never'))).toBe(false);

    // A model edited outside the app: a ReLU on the output layer has no place in the exported chain.
    const edited = join(dir.path, 'edited');
    await cp(run(), edited, { recursive: true });
    const modelJson = join(edited, 'model', 'model.json');
    const text = await readFile(modelJson, 'utf8');
    await writeFile(modelJson, text.replace('"activation":"linear"', '"activation":"relu"'));
    const unsupported = await cli(['export', '--model', edited, '--format', 'keras', '--out', join(dir.path, 'never')]);
    expect(unsupported.code).toBe(2);
    expect(unsupported.stderr).toMatch(/layer 'm1_dense_out' \(Dense\) cannot be exported: activation 'relu' has no equivalent/);
    expect(existsSync(join(dir.path, 'never'))).toBe(false);

    const badFormat = await cli(['export', '--model', run(), '--format', 'pmml', '--out', join(dir.path, 'never')]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/--format must be one of tfjs, keras, onnx \(got 'pmml'\)/);
  });
});
