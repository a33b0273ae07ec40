/**
 * RNN Studio's own native addon (native/, built by `npm install`): the SimpleRNN and GRU recurrences forward
 * and backward through time in one call per layer direction, instead of several TensorFlow ops per time step,
 * and forward-only LSTM and GRU passes for predicting window after window (the inference plan).
 * Optional: when it is not built or does not load, the fused core runs SimpleRNN on TensorFlow ops and GRU
 * on GRUBlockCell, and `nativeAddonStatus()` says why (the run record and `doctor` report it).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The shape of one layer direction's recurrence: batch, time steps, input features, units. */
type Dims = [batch: number, steps: number, features: number, units: number];
/** What a backward pass takes after its forward state, and fills: the gradient in, then dx, dW, dU, db. */
type BackwardTail = [dy: Float32Array, returnSequences: boolean, dx: Float32Array, dW: Float32Array, dU: Float32Array, db: Float32Array];

export interface NativeAddon {
  simpleRnnForward(...args: [...Dims, x: Float32Array, W: Float32Array, U: Float32Array, bias: Float32Array, mask: Float32Array | null, h: Float32Array]): void;
  simpleRnnBackward(...args: [...Dims, x: Float32Array, W: Float32Array, U: Float32Array, mask: Float32Array | null, h: Float32Array, ...BackwardTail]): void;
  /**
   * Forward passes (inference only) of one LSTM / GRU layer direction from a zero state, stock weight
   * layout (W [features, g·units], U [units, g·units], bias [g·units]); fill h [batch, steps, units].
   * U is block-diagonal within each gate with `blocks` equal blocks (1: dense), and only those are
   * multiplied. Absent from builds older than these kernels.
   */
  lstmForward?(...args: [...Dims, blocks: number, x: Float32Array, W: Float32Array, U: Float32Array, bias: Float32Array, h: Float32Array]): void;
  gruForward?(...args: [...Dims, blocks: number, x: Float32Array, W: Float32Array, U: Float32Array, bias: Float32Array, h: Float32Array]): void;
  /**
   * The GRU for training (stock layout, z, r, h blocks; mask as the SimpleRNN's): forward filling h and
   * gates [batch, steps, 3·units] (z, r, candidate activations), and backward through time from them.
   * Absent from builds older than these kernels.
   */
  gruTrainForward?(...args: [...Dims, x: Float32Array, W: Float32Array, U: Float32Array, bias: Float32Array, mask: Float32Array | null, h: Float32Array, gates: Float32Array]): void;
  gruBackward?(...args: [...Dims, x: Float32Array, W: Float32Array, U: Float32Array, mask: Float32Array | null, h: Float32Array, gates: Float32Array, ...BackwardTail]): void;
}

export type NativeAddonStatus = { loaded: true; path: string } | { loaded: false; reason: string };

const ADDON_FILE = join('native', 'build', 'Release', 'rnn_studio_native.node');

/** native/build/… in the nearest ancestor folder: the sources, the CLI bundle (out/cli) and Electron's (out/main) all sit below the project root. */
function findAddon(): string | undefined {
  // A path to the .node file (a build kept elsewhere); 'off' is handled by the callers.
  const explicit = process.env.RNN_STUDIO_NATIVE_ADDON;
  if (explicit) return explicit;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, ADDON_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

let cached: { addon?: NativeAddon; status: NativeAddonStatus } | undefined;

const DISABLED: NativeAddonStatus = { loaded: false, reason: 'switched off by RNN_STUDIO_NATIVE_ADDON=off' };
const disabled = (): boolean => process.env.RNN_STUDIO_NATIVE_ADDON === 'off';

function load(): { addon?: NativeAddon; status: NativeAddonStatus } {
  const path = findAddon();
  if (!path) return { status: { loaded: false, reason: `${ADDON_FILE} is not built (npm install builds it; it needs a C++ compiler)` } };
  try {
    const addon = createRequire(__filename)(path) as NativeAddon;
    if (typeof addon.simpleRnnForward !== 'function' || typeof addon.simpleRnnBackward !== 'function') return { status: { loaded: false, reason: `${path} is not RNN Studio's addon` } };
    return { addon, status: { loaded: true, path } };
  } catch (err) {
    return { status: { loaded: false, reason: `${path} does not load: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` } };
  }
}

/** The addon, or undefined when it is not built, does not load, or RNN_STUDIO_NATIVE_ADDON=off (read at every call). */
export function nativeAddon(): NativeAddon | undefined {
  if (disabled()) return undefined;
  cached ??= load();
  return cached.addon;
}

/** Whether the loaded addon trains this cell (SimpleRNN always; GRU from the build that added its kernels). */
export function addonTrains(cell: 'rnn' | 'gru' | 'lstm'): boolean {
  const addon = nativeAddon();
  if (!addon || cell === 'lstm') return false;
  return cell === 'rnn' || (typeof addon.gruTrainForward === 'function' && typeof addon.gruBackward === 'function');
}

export function nativeAddonStatus(): NativeAddonStatus {
  if (disabled()) return DISABLED;
  cached ??= load();
  return cached.status;
}
