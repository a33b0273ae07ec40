/**
 * The format-independent parts of export, checked without Python: which layers export, the Keras
 * weight-file layout (as Keras 3's saver names groups), and the ONNX gate reordering.
 * test/integration/export checks the written files with Keras and onnxruntime themselves.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { kerasModelConfig, kerasWeightsLayout, readLayerChain, UnsupportedModelError } from '../../../src-main/engine/exporters';
import { gateBiasOf, gateRowsOf } from '../../../src-main/engine/exporters/onnx-format';
import { buildModel } from '../../../src-main/engine/model';
import { ModelSpec } from '../../../src-main/engine/spec';

const DIMS = { lookback: 6, horizon: 2, inputFeatures: 2, targets: 1 };

describe('readLayerChain', () => {
  it('reads a built model as its chain of layers with the weights of every direction', () => {
    const model = buildModel(ModelSpec.parse({ cell: 'lstm', layers: [{ units: 3 }, { units: 2 }], bidirectional: true, l2: 0.01 }), DIMS, 1);
    const chain = readLayerChain(model);
    expect(chain.layers.map((l) => l.kind)).toEqual(['input', 'recurrent', 'recurrent', 'dense', 'reshape']);
    const first = chain.layers[1];
    if (first.kind !== 'recurrent') throw new Error('expected a recurrent layer');
    expect(first).toMatchObject({ cell: 'LSTM', units: 3, bidirectional: true, returnSequences: true, inputSize: 2, l2: 0.01 });
    expect(first.directions).toHaveLength(2);
    expect(first.directions[1].recurrentKernel.shape).toEqual([3, 12]);
    expect(chain.outputShape).toEqual([2, 1]);
    model.dispose();
  });

  it('reads the linear shortcut as a branch from the input added to the ensemble mean', () => {
    const model = buildModel(ModelSpec.parse({ cell: 'gru', layers: [{ units: 3 }], ensemble: 2, linearShortcut: true }), DIMS, 1);
    const chain = readLayerChain(model);
    expect(chain.sources).toMatchObject({
      ensemble_mean: ['m1_reshape_out', 'm2_reshape_out'],
      shortcut_flatten: ['input'],
      shortcut_dense: ['shortcut_flatten'],
      shortcut_reshape: ['shortcut_dense'],
      shortcut_add: ['ensemble_mean', 'shortcut_reshape'],
    });
    const dense = chain.layers.find((l) => l.name === 'shortcut_dense');
    expect(dense).toMatchObject({ kind: 'dense', units: 2, kernel: { shape: [12, 2] }, bias: { shape: [2] } });
    expect(chain.layers[chain.layers.length - 1]).toEqual({ kind: 'add', name: 'shortcut_add' });
    expect(chain.outputShape).toEqual([2, 1]);
    model.dispose();
  });

  it('refuses a layer with no equivalent, naming the layer and why', () => {
    const input = tf.input({ shape: [6, 2], name: 'input' });
    const conv = tf.layers.conv1d({ filters: 2, kernelSize: 2, name: 'conv' }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: conv });
    expect(() => readLayerChain(model)).toThrow(UnsupportedModelError);
    expect(() => readLayerChain(model)).toThrow(/layer 'conv' \(Conv1D\) cannot be exported: no exporter knows this layer type/);
    model.dispose();
  });

  it('refuses a recurrent layer with hard-sigmoid gates (no exact equivalent in Keras 3 or ONNX)', () => {
    const input = tf.input({ shape: [6, 2], name: 'input' });
    const out = tf.layers.lstm({ units: 2, name: 'lstm_hard', recurrentActivation: 'hardSigmoid' }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    expect(() => readLayerChain(model)).toThrow(/layer 'lstm_hard' \(LSTM\) cannot be exported: recurrentActivation 'hardSigmoid' has no equivalent/);
    model.dispose();
  });
});

describe('Keras layout', () => {
  it('names weight groups as Keras 3 does: snake_case class names, numbered from the second of a kind', () => {
    const model = buildModel(ModelSpec.parse({ cell: 'gru', layers: [{ units: 3 }, { units: 2 }], bidirectional: true, topology: 'encoder-decoder' }), DIMS, 1);
    const layout = kerasWeightsLayout(readLayerChain(model));
    expect(layout.datasets.map((d) => `${d.path} ${d.weight.shape.join('x')}`)).toEqual([
      'layers/bidirectional/forward_layer/cell/vars/0 2x9',
      'layers/bidirectional/forward_layer/cell/vars/1 3x9',
      'layers/bidirectional/forward_layer/cell/vars/2 9',
      'layers/bidirectional/backward_layer/cell/vars/0 2x9',
      'layers/bidirectional/backward_layer/cell/vars/1 3x9',
      'layers/bidirectional/backward_layer/cell/vars/2 9',
      'layers/bidirectional_1/forward_layer/cell/vars/0 6x6',
      'layers/bidirectional_1/forward_layer/cell/vars/1 2x6',
      'layers/bidirectional_1/forward_layer/cell/vars/2 6',
      'layers/bidirectional_1/backward_layer/cell/vars/0 6x6',
      'layers/bidirectional_1/backward_layer/cell/vars/1 2x6',
      'layers/bidirectional_1/backward_layer/cell/vars/2 6',
      'layers/gru/cell/vars/0 4x6',
      'layers/gru/cell/vars/1 2x6',
      'layers/gru/cell/vars/2 6',
      'layers/dense/vars/0 2x1',
      'layers/dense/vars/1 1',
    ]);
    expect(layout.groups.map((g) => g.path)).toContain('layers/input_layer/vars');
    expect(layout.groups.map((g) => g.path)).toContain('layers/repeat_vector/vars');
    model.dispose();
  });

  it("writes tfjs's GRU as Keras's GRU with reset_after=False and chains every layer to the one before", () => {
    const model = buildModel(ModelSpec.parse({ cell: 'gru', layers: [{ units: 3 }] }), DIMS, 1);
    const config = kerasModelConfig(readLayerChain(model)) as { config: { layers: { class_name: string; config: Record<string, unknown>; inbound_nodes: { args: { config: { keras_history: unknown[] } }[] }[] }[] } };
    const layers = config.config.layers;
    expect(layers.map((l) => l.class_name)).toEqual(['InputLayer', 'GRU', 'Dense', 'Reshape']);
    expect(layers[1].config).toMatchObject({ reset_after: false, recurrent_activation: 'sigmoid', activation: 'tanh', units: 3 });
    expect(layers[2].inbound_nodes[0].args[0].config.keras_history).toEqual([layers[1].config.name, 0, 0]);
    model.dispose();
  });
});

describe('Keras layout of the linear shortcut', () => {
  it("calls Add on the network's output and the shortcut's, and stores the shortcut's Dense after the network's", () => {
    const model = buildModel(ModelSpec.parse({ cell: 'lstm', layers: [{ units: 3 }], linearShortcut: true }), DIMS, 1);
    const chain = readLayerChain(model);
    const config = kerasModelConfig(chain) as { config: { layers: { name: string; class_name: string; inbound_nodes: { args: unknown[] }[] }[]; output_layers: unknown[] } };
    const add = config.config.layers.find((l) => l.name === 'shortcut_add')!;
    expect(add.class_name).toBe('Add');
    const histories = (add.inbound_nodes[0].args[0] as { config: { keras_history: unknown[] } }[]).map((t) => t.config.keras_history[0]);
    expect(histories).toEqual(['reshape_out', 'shortcut_reshape']);
    expect(config.config.output_layers).toEqual([['shortcut_add', 0, 0]]);
    // Keras names weight groups by class in its layer order (by depth), which tfjs's layer order follows.
    const shapes = kerasWeightsLayout(chain).datasets.filter((d) => d.path.startsWith('layers/dense')).map((d) => `${d.path} ${d.weight.shape.join('x')}`);
    expect(shapes).toEqual(['layers/dense/vars/0 3x2', 'layers/dense/vars/1 2', 'layers/dense_1/vars/0 12x2', 'layers/dense_1/vars/1 2']);
    model.dispose();
  });
});

describe('ONNX gate order', () => {
  it('turns a Keras-layout LSTM kernel [in, i|f|c|o] into ONNX rows [i|o|f|c, in]', () => {
    // 1 input, 1 unit: kernel = [[i, f, c, o]] = [[1, 2, 3, 4]].
    const rows = gateRowsOf({ shape: [1, 4], values: Float32Array.from([1, 2, 3, 4]) }, 1, [0, 3, 1, 2]);
    expect(Array.from(rows)).toEqual([1, 4, 2, 3]);
    // 2 inputs, 2 units: row r of the result is gate block g, unit u; columns are inputs.
    const kernel = { shape: [2, 8], values: Float32Array.from({ length: 16 }, (_, k) => k) };
    const reordered = gateRowsOf(kernel, 2, [0, 3, 1, 2]);
    // ONNX row 2 = gate o (Keras block 3), unit 0 → Keras columns 6 of rows 0 and 1: values 6 and 14.
    expect(Array.from(reordered.subarray(4, 6))).toEqual([6, 14]);
    expect(Array.from(gateBiasOf({ shape: [8], values: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]) }, 2, [0, 3, 1, 2]))).toEqual([0, 1, 6, 7, 2, 3, 4, 5]);
  });
});
