/**
 * An ONNX model of the layer chain using ONNX's own recurrent operators (`RNN`, `LSTM`, `GRU`), so
 * runtimes can use their fused kernels. Encoded with the protobufjs code generated from onnx.proto
 * (the `onnx-proto` package).
 *
 * ONNX recurrent operators are time-major ([steps, batch, features]) and keep weights per gate as
 * rows: W [directions, gates·units, in], R [directions, gates·units, units], B [directions, 2·gates·units]
 * (input bias then recurrent bias). Gate order differs: ONNX LSTM is i,o,f,c where Keras/tfjs is
 * i,f,c,o; GRU is z,r,h in both, and tfjs's GRU (reset before the recurrent matmul) is ONNX's
 * linear_before_reset = 0 with a zero recurrent bias.
 */
import { onnx } from 'onnx-proto';
import type { ChainLayer, LayerChain, Weight } from './layer-chain';

export const ONNX_OPSET = 17;
/** IR version 8 is what onnx.proto 1.10 (the schema encoded here) defines. */
const IR_VERSION = 8;

/** For each ONNX gate block, the index of the same gate in the tfjs/Keras layout. */
const GATE_SOURCE: Record<'SimpleRNN' | 'LSTM' | 'GRU', number[]> = { SimpleRNN: [0], LSTM: [0, 3, 1, 2], GRU: [0, 1, 2] };
const ONNX_OP: Record<'SimpleRNN' | 'LSTM' | 'GRU', string> = { SimpleRNN: 'RNN', LSTM: 'LSTM', GRU: 'GRU' };

/** A Keras-layout matrix [rows, gates·units] as ONNX's [gates·units, rows], gate blocks reordered. */
export function gateRowsOf(matrix: Weight, units: number, gateSource: number[]): Float32Array {
  const [rows, width] = matrix.shape;
  const out = new Float32Array(width * rows);
  gateSource.forEach((source, g) => {
    for (let u = 0; u < units; u++) {
      for (let r = 0; r < rows; r++) out[(g * units + u) * rows + r] = matrix.values[r * width + source * units + u];
    }
  });
  return out;
}

/** A Keras-layout bias [gates·units] reordered to ONNX gate order. */
export function gateBiasOf(bias: Weight, units: number, gateSource: number[]): Float32Array {
  const out = new Float32Array(bias.values.length);
  gateSource.forEach((source, g) => out.set(bias.values.subarray(source * units, (source + 1) * units), g * units));
  return out;
}

class GraphBuilder {
  readonly nodes: onnx.INodeProto[] = [];
  readonly initializers: onnx.ITensorProto[] = [];
  private counter = 0;

  fresh(hint: string): string {
    return `${hint}_${this.counter++}`;
  }

  floats(name: string, dims: number[], values: Float32Array): string {
    this.initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)) });
    return name;
  }

  ints(name: string, values: number[]): string {
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.initializers.push({ name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  node(opType: string, inputs: string[], outputCount: number, name: string, attributes: onnx.IAttributeProto[] = []): string[] {
    const outputs = Array.from({ length: outputCount }, () => this.fresh(name));
    this.nodes.push({ opType, input: inputs, output: outputs, name: this.fresh(`${name}_${opType}`), attribute: attributes });
    return outputs;
  }
}

const intAttr = (name: string, value: number): onnx.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });
const intsAttr = (name: string, values: number[]): onnx.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: values });
const stringAttr = (name: string, value: string): onnx.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode(value) });

function addRecurrent(g: GraphBuilder, layer: Extract<ChainLayer, { kind: 'recurrent' }>, input: string): string {
  const { units, cell } = layer;
  const gates = GATE_SOURCE[cell];
  const directions = layer.directions.length;
  const width = gates.length * units;
  const W = new Float32Array(directions * width * layer.inputSize);
  const R = new Float32Array(directions * width * units);
  const B = new Float32Array(directions * 2 * width);
  layer.directions.forEach((d, i) => {
    W.set(gateRowsOf(d.kernel, units, gates), i * width * layer.inputSize);
    R.set(gateRowsOf(d.recurrentKernel, units, gates), i * width * units);
    B.set(gateBiasOf(d.bias, units, gates), i * 2 * width);
  });
  const name = layer.name;
  const [timeMajor] = g.node('Transpose', [input], 1, name, [intsAttr('perm', [1, 0, 2])]);
  const attributes = [intAttr('hidden_size', units), stringAttr('direction', directions === 2 ? 'bidirectional' : 'forward')];
  if (cell === 'GRU') attributes.push(intAttr('linear_before_reset', 0));
  const weights = [g.floats(`${name}/W`, [directions, width, layer.inputSize], W), g.floats(`${name}/R`, [directions, width, units], R), g.floats(`${name}/B`, [directions, 2 * width], B)];
  const [sequence, last] = g.node(ONNX_OP[cell], [timeMajor, ...weights], 2, name, attributes);
  if (layer.returnSequences) {
    // Y [steps, directions, batch, units] → [batch, steps, directions·units] (forward then backward, as tfjs concatenates).
    const [batchMajor] = g.node('Transpose', [sequence], 1, name, [intsAttr('perm', [2, 0, 1, 3])]);
    return g.node('Reshape', [batchMajor, g.ints(`${name}/sequence_shape`, [0, 0, -1])], 1, name)[0];
  }
  // Y_h [directions, batch, units] → [batch, directions·units].
  const [batchMajor] = g.node('Transpose', [last], 1, name, [intsAttr('perm', [1, 0, 2])]);
  return g.node('Reshape', [batchMajor, g.ints(`${name}/state_shape`, [0, -1])], 1, name)[0];
}

function addLayer(g: GraphBuilder, layer: ChainLayer, inputs: string[]): string {
  const input = inputs[0];
  switch (layer.kind) {
    case 'input':
      return input;
    case 'average':
      return g.node('Mean', inputs, 1, layer.name)[0];
    case 'add':
      // The linear shortcut's term added to the network's forecast (both [batch, h, T]); Sum takes any count.
      return g.node(inputs.length === 2 ? 'Add' : 'Sum', inputs, 1, layer.name)[0];
    case 'recurrent':
      return addRecurrent(g, layer, input);
    case 'dense': {
      const [product] = g.node('MatMul', [input, g.floats(`${layer.name}/kernel`, layer.kernel.shape, layer.kernel.values)], 1, layer.name);
      return g.node('Add', [product, g.floats(`${layer.name}/bias`, layer.bias.shape, layer.bias.values)], 1, layer.name)[0];
    }
    case 'reshape':
      return g.node('Reshape', [input, g.ints(`${layer.name}/shape`, [0, ...layer.targetShape])], 1, layer.name)[0];
    case 'cropTop':
      return g.node('Slice', [input, g.ints(`${layer.name}/starts`, [layer.top]), g.ints(`${layer.name}/ends`, [2 ** 31 - 1]), g.ints(`${layer.name}/axes`, [1])], 1, layer.name)[0];
    case 'flatten':
      return g.node('Flatten', [input], 1, layer.name, [intAttr('axis', 1)])[0];
    case 'repeat': {
      const [expanded] = g.node('Unsqueeze', [input, g.ints(`${layer.name}/axes`, [1])], 1, layer.name);
      return g.node('Tile', [expanded, g.ints(`${layer.name}/repeats`, [1, layer.n, 1])], 1, layer.name)[0];
    }
  }
}

function valueInfo(name: string, dims: (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'output';

/** The serialised ONNX model: input `input` [batch, steps, features] → output `output` [batch, …]. */
export function onnxModelBytes(chain: LayerChain, producerVersion: string): Uint8Array {
  const g = new GraphBuilder();
  const first = chain.layers[0];
  if (first.kind !== 'input') throw new Error('the layer chain does not start with its input');
  // Each layer's output tensor by layer name: an ensemble's members all read the input, the average reads their ends.
  const outputs = new Map<string, string>([[first.name, ONNX_INPUT]]);
  let current = ONNX_INPUT;
  for (const layer of chain.layers.slice(1)) {
    const inputs = (chain.sources[layer.name] ?? []).map((source) => {
      const tensor = outputs.get(source);
      if (!tensor) throw new Error(`layer '${layer.name}' reads '${source}', which comes after it`);
      return tensor;
    });
    current = addLayer(g, layer, inputs);
    outputs.set(layer.name, current);
  }
  g.nodes.push({ opType: 'Identity', input: [current], output: [ONNX_OUTPUT], name: 'output_Identity' });
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    producerName: 'rnn-studio',
    producerVersion,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    graph: {
      name: chain.name,
      node: g.nodes,
      initializer: g.initializers,
      input: [valueInfo(ONNX_INPUT, ['batch', first.steps, first.features])],
      output: [valueInfo(ONNX_OUTPUT, ['batch', ...chain.outputShape])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
