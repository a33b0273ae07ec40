import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../spec';
import { initializeWeights } from './initialize';
import { planModel, type PlannedLayer } from './plan';
import { deriveSeed } from './random';
import { defaultRecurrentCore, type RecurrentCore } from './recurrent-core';
import type { ModelDims } from './types';
import { validateModel } from './validate-model';

function createLayer(planned: PlannedLayer, spec: ModelSpec, seed: number, core: RecurrentCore): tf.layers.Layer | undefined {
  switch (planned.op) {
    case 'input':
      return undefined;
    case 'recurrent':
      return core.createLayer({
        name: planned.name,
        cell: planned.cell,
        units: planned.units,
        returnSequences: planned.returnSequences,
        bidirectional: planned.bidirectional,
        dropout: spec.dropout,
        recurrentDropout: spec.recurrentDropout,
        l2: spec.l2,
        dropoutSeed: deriveSeed(seed, 1_000 + planned.index),
      });
    case 'reshape':
      return tf.layers.reshape({ name: planned.name, targetShape: planned.targetShape });
    case 'crop-last-step':
      return tf.layers.cropping2D({ name: planned.name, cropping: [[planned.cropTop, 0], [0, 0]] });
    case 'flatten':
      return tf.layers.flatten({ name: planned.name });
    case 'repeat':
      return tf.layers.repeatVector({ name: planned.name, n: planned.n });
    case 'dense':
      return tf.layers.dense({ name: planned.name, units: planned.units });
    case 'average':
      return tf.layers.average({ name: planned.name });
    case 'add':
      return tf.layers.add({ name: planned.name });
  }
}

/**
 * Builds the tfjs layers model for a spec: input [batch, lookback, F]; output [batch, horizon,
 * targets], or [batch, lookback, horizon·targets] for many-to-many. Weights are set from `seed`, so
 * the same spec, dims and seed give the same model bit for bit. Throws on an invalid spec with every
 * problem listed by field. An ensemble spec builds its members side by side and outputs their mean
 * (see plan.ts). `core` picks the recurrent implementation (by default the fastest the
 * active backend runs; all give identical results, see test/unit/model/*-core.test.ts).
 */
export function buildModel(spec: ModelSpec, dims: ModelDims, seed: number, core: RecurrentCore = defaultRecurrentCore()): tf.LayersModel {
  const validation = validateModel(spec, dims);
  if (!validation.ok) {
    throw new Error(`Invalid model spec: ${validation.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  }
  const plan = planModel(spec, dims);
  const input = tf.input({ shape: [dims.lookback, dims.inputFeatures], name: 'input' });
  // Each member's chain starts from the shared input; the average (ensembles only) joins their ends;
  // layers off the chains (the shortcut's) name their sources.
  const memberOutputs = new Map<number, tf.SymbolicTensor>();
  const outputsByName = new Map<string, tf.SymbolicTensor>([['input', input]]);
  let output: tf.SymbolicTensor = input;
  for (const planned of plan) {
    const layer = createLayer(planned, spec, seed, core);
    if (!layer) continue;
    if (planned.op === 'average') {
      output = layer.apply([...memberOutputs.values()]) as tf.SymbolicTensor;
    } else if (planned.from) {
      const sources = planned.from.map((name) => {
        const source = outputsByName.get(name);
        if (!source) throw new Error(`layer ${planned.name} reads ${name}, which the plan has not built before it`);
        return source;
      });
      output = layer.apply(sources.length === 1 ? sources[0] : sources) as tf.SymbolicTensor;
    } else {
      output = layer.apply(memberOutputs.get(planned.member) ?? input) as tf.SymbolicTensor;
      memberOutputs.set(planned.member, output);
    }
    outputsByName.set(planned.name, output);
  }
  const model = tf.model({ inputs: input, outputs: output, name: `${spec.cell}_${spec.topology}` });
  initializeWeights(model, plan, seed);
  return model;
}
