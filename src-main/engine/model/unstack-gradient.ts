/**
 * A corrected gradient for tf.unstack (kernel `Unpack`), installed in place of tfjs 4.22's.
 *
 * tfjs-core hands a kernel's gradient function an array of output gradients only when the kernel
 * produced more than one output; for a single output it passes the bare tensor. tfjs's Unpack
 * gradient always calls `tf.stack(dy, axis)`, so unstacking a length-1 axis (one tensor out) fails
 * during backprop with "Argument tensors passed to stack must be a `Tensor[]`". Every recurrent layer
 * unstacks its input along time — our FastRecurrentLayer and the stock tfjs-layers RNN alike — so any
 * one-step sequence whose input needs a gradient (a decoder over RepeatVector(1) with horizon 1, a
 * layer stacked on another with lookback 1) could not train. This version accepts both forms.
 */
import * as tf from '@tensorflow/tfjs';

let installed = false;

/** Registers the corrected Unpack gradient with tfjs-core (once; later calls do nothing). */
export function installUnstackGradient(): void {
  if (installed) return;
  tf.registerGradient({
    kernelName: tf.Unpack,
    gradFunc: (dy, _saved, attrs) => {
      const { axis } = attrs as unknown as tf.UnpackAttrs;
      const dys = Array.isArray(dy) ? dy : [dy];
      return { value: () => tf.stack(dys, axis) };
    },
  });
  installed = true;
}
