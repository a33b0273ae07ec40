/**
 * Keras 3's native `.keras` file: a zip of `metadata.json`, `config.json` (the functional model's
 * layers, as `keras.saving.serialize_keras_object` writes them) and `model.weights.h5`, the weights
 * grouped per layer as Keras's saver walks the model: `layers/<snake_case class>[_k]/…/vars/<i>`
 * (recurrent layers keep theirs under `cell/`, Bidirectional under `forward_layer/` and
 * `backward_layer/`). The HDF5 file is written with h5wasm (the HDF5 C library compiled to wasm).
 *
 * The layers map one to one: tfjs's GRU is Keras's GRU with reset_after=False (bias [3u]); LSTM
 * keeps Keras's gate order. test/integration/export checks the file with Keras itself.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { zipSync } from 'fflate';
import { isMerge, type ChainLayer, type LayerChain, type Weight } from './layer-chain';

/** The Keras release the config follows (and the test loads it with). */
export const KERAS_VERSION = '3.15.1';

type Json = Record<string, unknown>;

const DTYPE = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };

function serialized(className: string, config: Json, extra: Json = {}): Json {
  return { module: 'keras.layers', class_name: className, config, registered_name: null, ...extra };
}

const KERAS_CLASS: Record<ChainLayer['kind'], string> = {
  input: 'InputLayer',
  recurrent: '',
  dense: 'Dense',
  reshape: 'Reshape',
  cropTop: 'Cropping2D',
  flatten: 'Flatten',
  repeat: 'RepeatVector',
  average: 'Average',
  add: 'Add',
};

export function kerasClassOf(layer: ChainLayer): string {
  return layer.kind === 'recurrent' ? (layer.bidirectional ? 'Bidirectional' : layer.cell) : KERAS_CLASS[layer.kind];
}

/** Output shape of each layer (without the batch dimension), each from its first source's. */
export function chainShapes(chain: LayerChain): number[][] {
  const byName = new Map<string, number[]>();
  return chain.layers.map((layer) => {
    const shape = layer.kind === 'input' ? [] : (byName.get(chain.sources[layer.name]?.[0] ?? '') ?? []);
    const out = outputShapeOf(layer, shape);
    byName.set(layer.name, out);
    return out;
  });
}

function outputShapeOf(layer: ChainLayer, shape: number[]): number[] {
  switch (layer.kind) {
    case 'input':
      return [layer.steps, layer.features];
    case 'recurrent': {
      const size = layer.units * layer.directions.length;
      return layer.returnSequences ? [shape[0], size] : [size];
    }
    case 'dense':
      return [...shape.slice(0, -1), layer.units];
    case 'reshape':
      return [...layer.targetShape];
    case 'cropTop':
      return [shape[0] - layer.top, ...shape.slice(1)];
    case 'flatten':
      return [shape.reduce((a, b) => a * b, 1)];
    case 'repeat':
      return [layer.n, ...shape];
    case 'average':
    case 'add':
      return shape;
  }
}

function l2Config(l2: number): Json | null {
  return l2 > 0 ? { module: 'keras.regularizers', class_name: 'L2', config: { l2 }, registered_name: null } : null;
}

function recurrentConfig(layer: Extract<ChainLayer, { kind: 'recurrent' }>, name: string, goBackwards: boolean): Json {
  const config: Json = {
    name,
    trainable: true,
    dtype: DTYPE,
    return_sequences: layer.returnSequences,
    return_state: false,
    go_backwards: goBackwards,
    stateful: false,
    unroll: false,
    units: layer.units,
    activation: 'tanh',
    use_bias: true,
    kernel_regularizer: l2Config(layer.l2),
    recurrent_regularizer: l2Config(layer.l2),
    dropout: layer.dropout,
    recurrent_dropout: layer.recurrentDropout,
    seed: null,
  };
  if (layer.cell !== 'SimpleRNN') config.recurrent_activation = 'sigmoid';
  if (layer.cell === 'GRU') config.reset_after = false;
  return config;
}

function layerConfig(layer: ChainLayer, inputShape: (number | null)[] | undefined): Json {
  const base = { name: layer.name, trainable: true, dtype: DTYPE };
  switch (layer.kind) {
    case 'input':
      return { batch_shape: [null, layer.steps, layer.features], dtype: 'float32', sparse: false, ragged: false, name: layer.name, optional: false };
    case 'recurrent': {
      if (!layer.bidirectional) return recurrentConfig(layer, layer.name, false);
      const lower = layer.cell.toLowerCase();
      const build = { build_config: { input_shape: inputShape } };
      return {
        ...base,
        merge_mode: 'concat',
        layer: serialized(layer.cell, recurrentConfig(layer, `forward_${lower}`, false), build),
        backward_layer: serialized(layer.cell, recurrentConfig(layer, `backward_${lower}`, true), build),
      };
    }
    case 'dense':
      return { ...base, units: layer.units, activation: 'linear', use_bias: true, kernel_regularizer: null, bias_regularizer: null, kernel_constraint: null, bias_constraint: null };
    case 'reshape':
      return { ...base, target_shape: layer.targetShape };
    case 'cropTop':
      return { ...base, cropping: [[layer.top, 0], [0, 0]], data_format: 'channels_last' };
    case 'flatten':
      return { ...base, data_format: 'channels_last' };
    case 'repeat':
      return { ...base, n: layer.n };
    case 'average':
    case 'add':
      return base;
  }
}

/** The `config.json` of a Functional model built from the chain. */
export function kerasModelConfig(chain: LayerChain): Json {
  const shapes = chainShapes(chain);
  const shapeOf = new Map(chain.layers.map((layer, i) => [layer.name, [null, ...shapes[i]]]));
  const layers = chain.layers.map((layer) => {
    const className = kerasClassOf(layer);
    if (layer.kind === 'input') return { ...serialized(className, layerConfig(layer, undefined)), name: layer.name, inbound_nodes: [] };
    const tensors = (chain.sources[layer.name] ?? []).map((source) => ({ class_name: '__keras_tensor__', config: { shape: shapeOf.get(source), dtype: 'float32', keras_history: [source, 0, 0] } }));
    // A merge layer is called on the list of its inputs, every other layer on its one input.
    const merges = isMerge(layer);
    const inputShape = merges ? tensors.map((t) => t.config.shape) : tensors[0].config.shape;
    return {
      ...serialized(className, layerConfig(layer, inputShape as (number | null)[])),
      build_config: { input_shape: inputShape },
      name: layer.name,
      inbound_nodes: [{ args: merges ? [tensors] : [tensors[0]], kwargs: layer.kind === 'recurrent' ? { training: false, mask: null } : {} }],
    };
  });
  const first = chain.layers[0].name;
  const last = chain.layers[chain.layers.length - 1].name;
  return {
    module: 'keras.src.models.functional',
    class_name: 'Functional',
    config: { name: chain.name, trainable: true, layers, input_layers: [first, 0, 0], output_layers: [[last, 0, 0]] },
    registered_name: 'Functional',
    build_config: { input_shape: null },
    compile_config: null,
  };
}

/** What goes into `model.weights.h5`: group paths (with a `name` attribute) and datasets under them. */
export interface WeightsLayout {
  groups: { path: string; name?: string }[];
  datasets: { path: string; weight: Weight }[];
}

function snakeCase(className: string): string {
  // keras.src.utils.naming.to_snake_case
  const intermediate = className.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2');
  return intermediate.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The h5 layout Keras's saver produces for the chain (names deduplicated as `lstm`, `lstm_1`, … in layer order). */
export function kerasWeightsLayout(chain: LayerChain, modelName = chain.name): WeightsLayout {
  const groups: WeightsLayout['groups'] = [{ path: 'layers' }];
  const datasets: WeightsLayout['datasets'] = [];
  const used = new Map<string, number>();
  const addVars = (prefix: string, name: string, weights: Weight[]): void => {
    groups.push({ path: `${prefix}/vars`, name });
    weights.forEach((weight, i) => datasets.push({ path: `${prefix}/vars/${i}`, weight }));
  };
  for (const layer of chain.layers) {
    const base = snakeCase(kerasClassOf(layer));
    const count = used.get(base);
    used.set(base, count === undefined ? 0 : count + 1);
    const prefix = `layers/${count === undefined ? base : `${base}_${count + 1}`}`;
    groups.push({ path: prefix });
    if (layer.kind === 'recurrent') {
      const cellName = `${snakeCase(layer.cell)}_cell`;
      const lower = layer.cell.toLowerCase();
      const directionPrefixes = layer.bidirectional ? [`${prefix}/forward_layer`, `${prefix}/backward_layer`] : [prefix];
      layer.directions.forEach((w, d) => {
        const at = directionPrefixes[d];
        if (layer.bidirectional) groups.push({ path: at });
        groups.push({ path: `${at}/cell` });
        addVars(`${at}/cell`, cellName, [w.kernel, w.recurrentKernel, w.bias]);
        if (layer.bidirectional) groups.push({ path: `${at}/vars`, name: `${d === 0 ? 'forward' : 'backward'}_${lower}` });
      });
      addVars(prefix, layer.name, []);
    } else if (layer.kind === 'dense') {
      addVars(prefix, layer.name, [layer.kernel, layer.bias]);
    } else {
      addVars(prefix, layer.name, []);
    }
  }
  groups.push({ path: 'vars', name: modelName });
  return { groups, datasets };
}

interface H5Module {
  ready: Promise<unknown>;
  File: new (file: string, mode: string) => {
    create_group(path: string): { create_attribute(name: string, value: string): void } | null;
    get(path: string): { create_dataset(args: { name: string; data: Float32Array; shape: number[]; dtype: string }): unknown } | null;
    close(): void;
  };
}

/** Writes the weights layout as an HDF5 file at `file`. */
export async function writeWeightsH5(file: string, layout: WeightsLayout): Promise<void> {
  const h5 = (await import('h5wasm/node')) as unknown as H5Module;
  await h5.ready;
  const out = new h5.File(file, 'w');
  try {
    for (const group of layout.groups) {
      const created = out.create_group(group.path);
      if (!created) throw new Error(`HDF5: could not create group ${group.path}`);
      if (group.name !== undefined) created.create_attribute('name', group.name);
    }
    for (const { path: at, weight } of layout.datasets) {
      const slash = at.lastIndexOf('/');
      const parent = out.get(at.slice(0, slash));
      if (!parent) throw new Error(`HDF5: no group for ${at}`);
      parent.create_dataset({ name: at.slice(slash + 1), data: weight.values, shape: weight.shape, dtype: '<f' });
    }
  } finally {
    out.close();
  }
}

/** Writes `<file>` (a .keras zip) for the chain. `scratchDir` holds the temporary HDF5 file. */
export async function writeKerasFile(file: string, chain: LayerChain, scratchDir: string): Promise<void> {
  const h5Path = path.join(scratchDir, `model.weights.${process.pid}.h5`);
  try {
    await writeWeightsH5(h5Path, kerasWeightsLayout(chain));
    const weights = new Uint8Array(await fs.readFile(h5Path));
    const now = new Date().toISOString();
    const metadata = { keras_version: KERAS_VERSION, date_saved: `${now.slice(0, 10)}@${now.slice(11, 19)}` };
    const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
    const zip = zipSync({ 'metadata.json': encode(metadata), 'config.json': encode(kerasModelConfig(chain)), 'model.weights.h5': weights }, { level: 0 });
    await fs.writeFile(file, zip);
  } finally {
    await fs.rm(h5Path, { force: true });
  }
}
