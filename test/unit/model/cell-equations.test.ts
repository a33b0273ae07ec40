/**
 * Both recurrent cores (stock tfjs layers and the fast unrolled layer) against the textbook equations,
 * computed here in plain TypeScript from the same weights. Gate orders and conventions follow tfjs-layers (src/layers/recurrent.ts):
 *   kernel W [in, g·u], recurrent kernel U [u, g·u], bias b [g·u], z = x·W + h·U + b split into blocks.
 *   SimpleRNN: h' = tanh(x·W + h·U + b)
 *   LSTM (i, f, c, o): c' = σ(f)·c + σ(i)·tanh(ĉ); h' = σ(o)·tanh(c')
 *   GRU (z, r, h), reset before the matmul (reset_after = false):
 *     z = σ(x·Wz + h·Uz + bz); r = σ(x·Wr + h·Ur + br); ĥ = tanh(x·Wh + (r∘h)·Uh + bh); h' = z∘h + (1−z)∘ĥ
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { createRng, fastRecurrentCore, tfjsRecurrentCore } from '../../../src-main/engine/model';
import type { CellType } from '../../../src-main/engine/spec';

type Matrix = number[][];

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.next() * 1.6 - 0.8));
}

/** Row vector times matrix, restricted to columns [from, from + count). */
function vecMat(v: number[], m: Matrix, from: number, count: number): number[] {
  const out = new Array<number>(count).fill(0);
  for (let j = 0; j < count; j++) for (let i = 0; i < v.length; i++) out[j] += v[i] * m[i][from + j];
  return out;
}

function gatePreactivation(x: number[], h: number[], W: Matrix, U: Matrix, b: number[], gate: number, units: number): number[] {
  const xw = vecMat(x, W, gate * units, units);
  const hu = vecMat(h, U, gate * units, units);
  return xw.map((v, j) => v + hu[j] + b[gate * units + j]);
}

/** The hidden state after every step of one sequence, by the textbook equations. */
function textbookSequence(cell: CellType, xs: Matrix, W: Matrix, U: Matrix, b: number[], units: number): Matrix {
  let h = new Array<number>(units).fill(0);
  let c = new Array<number>(units).fill(0);
  const outputs: Matrix = [];
  for (const x of xs) {
    if (cell === 'rnn') {
      h = gatePreactivation(x, h, W, U, b, 0, units).map(Math.tanh);
    } else if (cell === 'lstm') {
      const i = gatePreactivation(x, h, W, U, b, 0, units).map(sigmoid);
      const f = gatePreactivation(x, h, W, U, b, 1, units).map(sigmoid);
      const g = gatePreactivation(x, h, W, U, b, 2, units).map(Math.tanh);
      const o = gatePreactivation(x, h, W, U, b, 3, units).map(sigmoid);
      c = c.map((cj, j) => f[j] * cj + i[j] * g[j]);
      h = c.map((cj, j) => o[j] * Math.tanh(cj));
    } else {
      const z = gatePreactivation(x, h, W, U, b, 0, units).map(sigmoid);
      const r = gatePreactivation(x, h, W, U, b, 1, units).map(sigmoid);
      const resetH = h.map((hj, j) => r[j] * hj);
      const xh = vecMat(x, W, 2 * units, units);
      const hh = vecMat(resetH, U, 2 * units, units);
      const candidate = xh.map((v, j) => Math.tanh(v + hh[j] + b[2 * units + j]));
      h = h.map((hj, j) => z[j] * hj + (1 - z[j]) * candidate[j]);
    }
    outputs.push([...h]);
  }
  return outputs;
}

const gates: Record<CellType, number> = { rnn: 1, lstm: 4, gru: 3 };
const steps = 6;
const features = 3;
const units = 4;
const batch = 2;

function inputs(seed: number): Matrix[] {
  return Array.from({ length: batch }, (_, n) => randomMatrix(steps, features, seed + n));
}

function runLayer(layer: tf.layers.Layer, xs: Matrix[]): number[][][] {
  return tf.tidy(() => (layer.apply(tf.tensor3d(xs)) as tf.Tensor).arraySync() as number[][][]);
}

function expectClose(actual: number[][][], expected: number[][][]): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  actual.forEach((seq, n) => seq.forEach((step, t) => step.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - expected[n][t][j]))))));
  expect(worst).toBeLessThan(1e-5);
}

describe('recurrent cells match the textbook equations', () => {
  beforeAll(async () => {
    await initBackend();
  });

  for (const core of [tfjsRecurrentCore, fastRecurrentCore]) {
    for (const cell of ['rnn', 'lstm', 'gru'] as const) {
      it(`${cell} (${core.id} core): every step's hidden state, to 1e-5`, () => {
        const layer = core.createLayer({ name: `${cell}_eq`, cell, units, returnSequences: true, bidirectional: false, dropout: 0, recurrentDropout: 0, dropoutSeed: 1 });
        layer.apply(tf.input({ shape: [steps, features] }));
        const W = randomMatrix(features, gates[cell] * units, 11);
        const U = randomMatrix(units, gates[cell] * units, 12);
        const b = randomMatrix(1, gates[cell] * units, 13)[0];
        const values = [tf.tensor2d(W), tf.tensor2d(U), tf.tensor1d(b)];
        layer.setWeights(values);
        tf.dispose(values);
        const xs = inputs(20);
        expectClose(runLayer(layer, xs), xs.map((seq) => textbookSequence(cell, seq, W, U, b, units)));
        layer.dispose();
      });
    }
  }

  for (const core of [tfjsRecurrentCore, fastRecurrentCore]) {
    it(`bidirectional (${core.id} core): forward states concatenated with the backward pass over the reversed sequence`, () => {
      const cell = 'gru';
      const layer = core.createLayer({ name: 'bigru_eq', cell, units, returnSequences: true, bidirectional: true, dropout: 0, recurrentDropout: 0, dropoutSeed: 1 });
      layer.apply(tf.input({ shape: [steps, features] }));
      const size = gates[cell] * units;
      const [Wf, Uf, Wb, Ub] = [randomMatrix(features, size, 1), randomMatrix(units, size, 2), randomMatrix(features, size, 3), randomMatrix(units, size, 4)];
      const [bf, bb] = [randomMatrix(1, size, 5)[0], randomMatrix(1, size, 6)[0]];
      const values = [tf.tensor2d(Wf), tf.tensor2d(Uf), tf.tensor1d(bf), tf.tensor2d(Wb), tf.tensor2d(Ub), tf.tensor1d(bb)];
      layer.setWeights(values);
      tf.dispose(values);
      const xs = inputs(30);
      const expected = xs.map((seq) => {
        const forward = textbookSequence(cell, seq, Wf, Uf, bf, units);
        const backward = textbookSequence(cell, [...seq].reverse(), Wb, Ub, bb, units).reverse();
        return forward.map((h, t) => [...h, ...backward[t]]);
      });
      expectClose(runLayer(layer, xs), expected);
      layer.dispose();
    });
  }
});
