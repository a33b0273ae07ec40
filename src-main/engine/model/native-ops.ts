/**
 * Runs a TensorFlow op by name on the native (tfjs-node) backend — for kernels tfjs does not expose,
 * such as the fused recurrent cells. Only valid while the `tensorflow` backend is active.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';

const nodeRequire = createRequire(__filename);

interface TensorMetadata {
  id: number;
  shape: number[];
  dtype: number;
}

interface NativeBinding {
  TF_ATTR_INT: number;
  TF_ATTR_FLOAT: number;
  TF_ATTR_BOOL: number;
  TF_ATTR_TYPE: number;
  TF_FLOAT: number;
  executeOp(name: string, attrs: NativeAttr[], inputIds: number[], numOutputs: number): TensorMetadata[];
  deleteTensor(id: number): void;
}

/** The parts of tfjs-node's NodeJSKernelBackend used here (public in its JavaScript, untyped in tfjs). */
interface NativeBackend {
  binding: NativeBinding;
  getInputTensorIds(inputs: unknown[]): number[];
  createOutputTensor(metadata: TensorMetadata): tf.Tensor;
}

export interface NativeAttr {
  name: string;
  type: number;
  value: number | boolean;
}

/** An int64 scalar input (TensorFlow's `seq_len_max`); tfjs has no int64 dtype, tfjs-node has this class. */
export class Int64Input {
  constructor(readonly value: number) {}
}

type Int64ScalarClass = new (value: number) => object;
let int64Scalar: Int64ScalarClass | undefined;

function nativeBackend(): NativeBackend {
  if (tf.getBackend() !== 'tensorflow') throw new Error(`native TensorFlow ops need the tensorflow backend (active: ${tf.getBackend()})`);
  return tf.backend() as unknown as NativeBackend;
}

export function isNativeBackendActive(): boolean {
  return tf.getBackend() === 'tensorflow';
}

/** Attribute helpers: the binding's TF_ATTR_* constants tag each value. */
export const attr = {
  float32(name: string): NativeAttr {
    const b = nativeBackend().binding;
    return { name, type: b.TF_ATTR_TYPE, value: b.TF_FLOAT };
  },
  float(name: string, value: number): NativeAttr {
    return { name, type: nativeBackend().binding.TF_ATTR_FLOAT, value };
  },
  bool(name: string, value: boolean): NativeAttr {
    return { name, type: nativeBackend().binding.TF_ATTR_BOOL, value };
  },
};

/**
 * Executes `op` and returns its outputs as tfjs tensors (owned by the caller's tidy scope). Int64
 * inputs become tfjs-node `Int64Scalar`s, whose native tensors are freed right after the call (tfjs-node
 * leaves them to the caller).
 */
export function runNativeOp(op: string, attrs: NativeAttr[], inputs: (tf.Tensor | Int64Input)[], numOutputs: number): tf.Tensor[] {
  const backend = nativeBackend();
  int64Scalar ??= (nodeRequire('@tensorflow/tfjs-node/dist/int64_tensors') as { Int64Scalar: Int64ScalarClass }).Int64Scalar;
  const Int64 = int64Scalar;
  const prepared = inputs.map((input) => (input instanceof Int64Input ? new Int64(input.value) : input));
  const ids = backend.getInputTensorIds(prepared);
  try {
    return backend.binding.executeOp(op, attrs, ids, numOutputs).map((m) => backend.createOutputTensor(m));
  } finally {
    inputs.forEach((input, i) => {
      if (input instanceof Int64Input) backend.binding.deleteTensor(ids[i]);
    });
  }
}
