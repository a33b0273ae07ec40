/**
 * Every cell, stacked and bidirectional, every topology, seed ensembles (member chains joined by
 * an Average layer), and the linear shortcut (Flatten → Dense → Reshape from the input, added to the
 * network's output or the ensemble's mean): the .keras file loads in Keras
 * (keras.saving.load_model) and the .onnx file in onnxruntime, and both give our model's outputs.
 * Weights are drawn large enough that every gate matters, so a wrong gate order or reset variant
 * cannot pass.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onnxModelBytes, readLayerChain, writeKerasFile } from '../../../src-main/engine/exporters';
import { buildModel } from '../../../src-main/engine/model';
import { CellType, ModelSpec, Topology } from '../../../src-main/engine/spec';
import { exportPython, runPython } from './python-env';

const DIMS = { lookback: 5, horizon: 3, inputFeatures: 3, targets: 2 };
const BATCH = 4;
const TOLERANCE = 1e-4;
const SHORTCUT_LAYERS = ['shortcut_flatten', 'shortcut_dense', 'shortcut_reshape', 'shortcut_add'];

interface Case {
  name: string;
  x: number[];
  y: number[];
  yShape: number[];
  keras: string;
  onnx: Uint8Array;
}

let dir: string;
let python: string;
const cases: Case[] = [];

function randomizeWeights(model: tf.LayersModel, seed: number): void {
  model.weights.forEach((w, i) => w.write(tf.tidy(() => tf.randomNormal(w.shape as number[], 0, 0.7, 'float32', seed + i))));
}

beforeAll(async () => {
  python = exportPython();
  dir = await mkdtemp(join(tmpdir(), 'rnn-export-formats-'));
  let seed = 1;
  const specs: { spec: ModelSpec; suffix: string }[] = [];
  for (const cell of CellType.options) {
    for (const topology of Topology.options) {
      for (const bidirectional of [false, true]) {
        specs.push({ spec: ModelSpec.parse({ cell, topology, bidirectional, layers: [{ units: 4 }, { units: 3 }], dropout: 0.1, recurrentDropout: 0.1, l2: 0.001 }), suffix: '' });
      }
    }
  }
  specs.push({ spec: ModelSpec.parse({ cell: 'lstm', topology: 'many-to-one', layers: [{ units: 4 }], ensemble: 3 }), suffix: '-ensemble' });
  specs.push({ spec: ModelSpec.parse({ cell: 'gru', topology: 'encoder-decoder', bidirectional: true, layers: [{ units: 3 }, { units: 2 }], ensemble: 2 }), suffix: '-ensemble' });
  specs.push({ spec: ModelSpec.parse({ cell: 'lstm', topology: 'many-to-one', layers: [{ units: 4 }, { units: 3 }], linearShortcut: true }), suffix: '-shortcut' });
  specs.push({ spec: ModelSpec.parse({ cell: 'gru', topology: 'many-to-one', bidirectional: true, layers: [{ units: 3 }], ensemble: 2, linearShortcut: true }), suffix: '-ensemble-shortcut' });
  for (const { spec, suffix } of specs) {
    const { cell, topology, bidirectional } = spec;
    const model = buildModel(spec, DIMS, seed);
    randomizeWeights(model, seed * 100);
    const x = tf.randomNormal([BATCH, DIMS.lookback, DIMS.inputFeatures], 0, 1, 'float32', seed);
    const y = model.predict(x) as tf.Tensor;
    const name = `${cell}-${topology}${bidirectional ? '-bidirectional' : ''}${suffix}`;
    const chain = readLayerChain(model);
    const keras = join(dir, `${name}.keras`);
    await writeKerasFile(keras, chain, dir);
    cases.push({ name, x: Array.from(x.dataSync()), y: Array.from(y.dataSync()), yShape: y.shape, keras, onnx: onnxModelBytes(chain, 'test') });
    tf.dispose([x, y]);
    model.dispose();
    seed++;
  }
}, 1_200_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const CHECK_KERAS = `
import json, sys
import numpy as np
import keras
out = {}
for case in json.load(open(sys.argv[1])):
    model = keras.saving.load_model(case["keras"])
    x = np.array(case["x"], dtype=np.float32).reshape(case["xShape"])
    y = np.asarray(model(x, training=False))
    out[case["name"]] = {"shape": list(y.shape), "y": y.reshape(-1).tolist(), "classes": [l.__class__.__name__ for l in model.layers],
                         "layers": {l.name: l.__class__.__name__ for l in model.layers}, "output": model.outputs[0]._keras_history[0].name}
print(json.dumps(out))
`;

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('exported model files load in the real runtimes with our outputs', () => {
  it('covers all 3 cells × 4 topologies × (uni, bidirectional) with outputs that are not trivially small', () => {
    expect(cases).toHaveLength(28);
    for (const c of cases) expect(Math.max(...c.y.map(Math.abs)), c.name).toBeGreaterThan(0.1);
  });

  it('Keras 3 loads every .keras file (keras.saving.load_model) and predicts what we predict within 1e-4', async () => {
    const input = join(dir, 'cases.json');
    await writeFile(input, JSON.stringify(cases.map((c) => ({ name: c.name, keras: c.keras, x: c.x, xShape: [BATCH, DIMS.lookback, DIMS.inputFeatures] }))));
    const script = join(dir, 'check_keras.py');
    await writeFile(script, CHECK_KERAS);
    const result = runPython(python, [script, input]);
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    const loaded = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as Record<string, { shape: number[]; y: number[]; classes: string[]; layers: Record<string, string>; output: string }>;
    for (const c of cases) {
      const got = loaded[c.name];
      expect(got, c.name).toBeDefined();
      expect(got.shape, c.name).toEqual(c.yShape);
      expect(maxDifference(got.y, c.y), c.name).toBeLessThan(TOLERANCE);
      const recurrent = c.name.includes('bidirectional') ? 'Bidirectional' : { rnn: 'SimpleRNN', lstm: 'LSTM', gru: 'GRU' }[c.name.split('-')[0]]!;
      expect(got.classes, c.name).toContain(recurrent);
      if (c.name.includes('-ensemble')) expect(got.classes, c.name).toContain('Average');
      if (c.name.endsWith('-shortcut')) {
        expect(SHORTCUT_LAYERS.map((name) => got.layers[name]), c.name).toEqual(['Flatten', 'Dense', 'Reshape', 'Add']);
        expect(got.output, c.name).toBe('shortcut_add');
      }
    }
  });

  it('onnxruntime-node runs every .onnx file (ONNX RNN/LSTM/GRU operators) and gives our outputs within 1e-4', async () => {
    for (const c of cases) {
      const ops = onnx.ModelProto.decode(c.onnx).graph!.node!.map((n) => n.opType);
      expect(ops, c.name).toContain({ rnn: 'RNN', lstm: 'LSTM', gru: 'GRU' }[c.name.split('-')[0]]);
      if (c.name.includes('-ensemble')) expect(ops, c.name).toContain('Mean');
      if (c.name.endsWith('-shortcut')) {
        const shortcutOps = onnx.ModelProto.decode(c.onnx).graph!.node!.filter((n) => n.name!.startsWith('shortcut_')).map((n) => n.opType);
        expect(shortcutOps, c.name).toEqual(['Flatten', 'MatMul', 'Add', 'Reshape', 'Add']);
      }
      const session = await ort.InferenceSession.create(c.onnx);
      try {
        const output = await session.run({ input: new ort.Tensor('float32', Float32Array.from(c.x), [BATCH, DIMS.lookback, DIMS.inputFeatures]) });
        expect([...output.output.dims], c.name).toEqual(c.yShape);
        expect(maxDifference(output.output.data as Float32Array, c.y), c.name).toBeLessThan(TOLERANCE);
      } finally {
        await session.release();
      }
    }
  });
});
