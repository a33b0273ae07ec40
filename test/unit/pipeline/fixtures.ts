/** Small deterministic series and helpers shared by the pipeline tests. */
import type * as tf from '@tensorflow/tfjs';
import { parseTable, prepareSeries, type PreparedSeries, type Table } from '../../../src-main/engine/data';
import { buildModel } from '../../../src-main/engine/model';
import { modelDims } from '../../../src-main/engine/experiment';
import { RunConfig, type RunConfigInput } from '../../../src-main/engine/spec';

/** mulberry32: the same numbers on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Sine with period 24 + trend + Gaussian noise: the "ordinary seasonal data" of the product promise. */
export function seasonalSeries(rows: number, seed = 11): number[] {
  const rand = rng(seed);
  return Array.from({ length: rows }, (_, t) => 10 + 0.01 * t + 3 * Math.sin((2 * Math.PI * t) / 24) + 0.8 * gaussian(rand));
}

/** A monthly CSV (dates from 2000-01) with a positive seasonal target and a feature column. */
export function monthlyCsv(rows: number, seed = 5): string {
  const rand = rng(seed);
  const lines = ['month,sales,price'];
  for (let i = 0; i < rows; i++) {
    const year = 2000 + Math.floor(i / 12);
    const month = String((i % 12) + 1).padStart(2, '0');
    const sales = 100 + 2 * i + 20 * Math.sin((2 * Math.PI * i) / 12) + 3 * gaussian(rand);
    const price = 5 + Math.cos(i / 7);
    lines.push(`${year}-${month},${sales.toFixed(3)},${price.toFixed(3)}`);
  }
  return lines.join('\n');
}

export function monthlyTable(rows = 96): Promise<Table> {
  return parseTable('monthly.csv', monthlyCsv(rows));
}

export function tinyConfig(overrides: Partial<RunConfigInput> = {}): RunConfig {
  return RunConfig.parse({
    series: { target: ['sales'], features: ['price'], transforms: [{ kind: 'log' }, { kind: 'diff' }] },
    window: { lookback: 6, horizon: 2 },
    model: { cell: 'gru', layers: [{ units: 4 }] },
    train: { epochs: 2, batchSize: 16, seed: 3 },
    ...overrides,
  });
}

export function prepareWith(table: Table, config: RunConfig): PreparedSeries {
  return prepareSeries(table, config.series, config.window, config.model.topology);
}

export function modelFor(prepared: PreparedSeries, config: RunConfig): tf.LayersModel {
  return buildModel(config.model, modelDims(prepared), config.train.seed);
}
