/**
 * Faster recurrent layers (one direction, or both for bidirectional) for SimpleRNN, LSTM and GRU,
 * computing exactly what the tfjs-layers layers compute — same equations, same weight layout and
 * names, same dropout masks drawn in the same order — with far fewer kernel launches:
 *   - the input projection x·W + b of every step is one matmul over the whole window, hoisted out of
 *     the time loop (tfjs does one per step);
 *   - each step then costs only h·U plus the gate arithmetic (one sigmoid for all gates), with no
 *     per-step tidy, input slicing or masking bookkeeping.
 * tfjs runs an RNN one small op at a time and that overhead, not arithmetic, dominates, so fewer ops
 * per step is the speed-up.
 *
 * They serialise as the tfjs layer they replace — `getClassName()` and `getConfig()` come from the
 * equivalent tf.layers.simpleRNN/lstm/gru (or tf.layers.bidirectional) — so a saved model is plain
 * tfjs layers format and loads anywhere, as the stock layers, with identical outputs.
 */
import * as tf from '@tensorflow/tfjs';
import type { CellType, RecurrentCoreId } from '../spec';
import { installUnstackGradient } from './unstack-gradient';
import { GATES, unrolledRecurrence, type Recurrence, type RecurrenceMasks } from './unrolled-recurrence';

// The layer unstacks its input along time; a one-step input must still backpropagate.
installUnstackGradient();

type DropoutFn = (x: tf.Tensor, rate: number) => tf.Tensor;

export interface FastRecurrentArgs {
  name: string;
  cell: CellType;
  units: number;
  returnSequences: boolean;
  dropout: number;
  recurrentDropout: number;
  /** One seeded mask stream per direction: [forward] or [forward, backward]. */
  dropoutFuncs: DropoutFn[];
  /** The equivalent tfjs layer: its class name and config are what this layer saves as. */
  equivalent: tf.layers.Layer;
  /** The recurrence itself: the unrolled one (any backend) unless given (e.g. the native fused kernels). */
  recurrence?: Recurrence;
  /** Which core `recurrence` is, for reporting. */
  coreId?: RecurrentCoreId;
}

/** tfjs draws this many masks per cell call and uses the first (one per gate block, implementation 2). */
const MASK_DRAWS: Record<CellType, number> = { rnn: 1, lstm: 4, gru: 3 };

interface DirectionWeights {
  kernel: tf.LayerVariable;
  recurrentKernel: tf.LayerVariable;
  bias: tf.LayerVariable;
}

/**
 * One direction of a recurrent layer over x [batch, steps, features]: the backward one reads the window
 * reversed, and its sequence is re-reversed so step t lines up with the forward pass's step t.
 */
export function directionOutput(
  recurrence: Recurrence,
  cell: CellType,
  x: tf.Tensor,
  [W, U, b]: readonly [tf.Tensor, tf.Tensor, tf.Tensor],
  masks: RecurrenceMasks,
  returnSequences: boolean,
  backward: boolean,
): tf.Tensor {
  const out = recurrence(cell, backward ? tf.reverse(x, 1) : x, W, U, b, masks, returnSequences);
  return backward && returnSequences ? tf.reverse(out, 1) : out;
}

export class FastRecurrentLayer extends tf.layers.Layer {
  static readonly className = 'FastRecurrentLayer';
  private readonly directions: DirectionWeights[] = [];
  private readonly equivalentClass: string;
  private readonly equivalentConfig: tf.serialization.ConfigDict;

  constructor(private readonly args: FastRecurrentArgs) {
    super({ name: args.name });
    this.equivalentClass = args.equivalent.getClassName();
    this.equivalentConfig = { ...args.equivalent.getConfig(), name: args.name };
  }

  /** The core computing this layer: `fast-unrolled` unless another recurrence was given. */
  get coreId(): RecurrentCoreId {
    return this.args.coreId ?? 'fast-unrolled';
  }

  private get bidirectional(): boolean {
    return this.args.dropoutFuncs.length === 2;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputDim = shape[shape.length - 1] as number;
    const width = GATES[this.args.cell] * this.args.units;
    const zeros = tf.initializers.zeros();
    // Weight names as tfjs gives them: `<layer>/kernel`, or `<layer>/forward_<cell>/kernel` in a Bidirectional.
    const prefixes = this.bidirectional ? [`forward_${this.args.cell}/`, `backward_${this.args.cell}/`] : [''];
    for (const prefix of prefixes) {
      // Regularizers are recorded in the saved config (equivalentConfig); training reads them from there.
      this.directions.push({
        kernel: this.addWeight(`${prefix}kernel`, [inputDim, width], 'float32', zeros),
        recurrentKernel: this.addWeight(`${prefix}recurrent_kernel`, [this.args.units, width], 'float32', zeros),
        bias: this.addWeight(`${prefix}bias`, [width], 'float32', zeros),
      });
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const size = this.args.units * this.args.dropoutFuncs.length;
    return this.args.returnSequences ? [shape[0], shape[1], size] : [shape[0], size];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const [batch, , features] = x.shape as [number, number, number];
      const { cell, units, dropout, recurrentDropout, returnSequences } = this.args;
      const training = kwargs.training === true;
      const results = this.directions.map((weights, d) => {
        const dropoutFunc = this.args.dropoutFuncs[d];
        const drawMask = (shape: number[], rate: number): tf.Tensor => Array.from({ length: MASK_DRAWS[cell] }, () => dropoutFunc(tf.ones(shape), rate))[0];
        const masks = {
          input: training && dropout > 0 && dropout < 1 ? drawMask([batch, features], dropout) : undefined,
          recurrent: training && recurrentDropout > 0 && recurrentDropout < 1 ? drawMask([batch, units], recurrentDropout) : undefined,
        };
        const recurrence = this.args.recurrence ?? unrolledRecurrence;
        return directionOutput(recurrence, cell, x, [weights.kernel.read(), weights.recurrentKernel.read(), weights.bias.read()], masks, returnSequences, d === 1);
      });
      return results.length === 1 ? results[0] : tf.concat(results, -1);
    });
  }

  /** Saved as the standard tfjs layer, so the model file needs nothing of ours to load. */
  override getClassName(): string {
    return this.equivalentClass;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return this.equivalentConfig;
  }
}
