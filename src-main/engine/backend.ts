/**
 * Picks the fastest TensorFlow.js backend that works here: native TensorFlow (tfjs-node) → WebAssembly
 * → plain JS. The choice is never silent: `backendInfo()` says what is active and why a faster one is
 * not, and every run record, CLI run and the app show it.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import type { BackendInfo, BackendName } from './spec';

const nodeRequire = createRequire(__filename);

export type BackendPreference = BackendName | 'auto';

const NATIVE_INTRAOP_THREADS = 1;

let active: BackendInfo | undefined;

/** The threads TensorFlow splits one op across (TF_NUM_INTRAOP_THREADS; 0 means one per core). */
function nativeThreads(): number {
  const configured = Number(process.env.TF_NUM_INTRAOP_THREADS);
  return Number.isInteger(configured) && configured > 0 ? configured : cpus().length;
}
let nativeError: string | undefined;
let nativeTensorflowVersion: string | undefined;

/** Loads tfjs-node's binding; returns why it is unavailable, or undefined when it loaded. */
function loadNative(): string | undefined {
  if (nativeTensorflowVersion) return undefined;
  if (nativeError) return nativeError;
  try {
    // TensorFlow's C++ start-up chatter (CPU feature notes) is noise for our users.
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
    // One intra-op thread: a recurrent model's ops are too small to split, and handing each to a
    // thread pool cost more than it saved — measured 1.5–1.8× faster training on the reference and
    // large configs (docs/performance.md). Read by TensorFlow when the binding loads; set it to override.
    process.env.TF_NUM_INTRAOP_THREADS ??= String(NATIVE_INTRAOP_THREADS);
    const tfn = nodeRequire('@tensorflow/tfjs-node') as { version: Record<string, string> };
    nativeTensorflowVersion = tfn.version['tfjs-node'] ? tensorflowVersionOf() : undefined;
    return undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    nativeError = `native TensorFlow binding did not load (${message}); run \`npm run provision\` or \`npm run doctor\``;
    return nativeError;
  }
}

function tensorflowVersionOf(): string | undefined {
  // The binding reports the libtensorflow it is linked against.
  const backend = tf.findBackend('tensorflow') as unknown as { binding?: { TF_Version?: string } } | null;
  return backend?.binding?.TF_Version;
}

async function activateWasm(): Promise<string | undefined> {
  try {
    const wasm = nodeRequire('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    const dist = join(dirname(nodeRequire.resolve('@tensorflow/tfjs-backend-wasm')), '/');
    wasm.setWasmPaths(dist);
    wasm.setThreadsCount?.(Math.max(1, cpus().length));
    const ok = await tf.setBackend('wasm');
    return ok ? undefined : 'the WebAssembly backend failed to initialise';
  } catch (err) {
    return `the WebAssembly backend is unavailable (${err instanceof Error ? err.message : String(err)})`;
  }
}

/**
 * Activates a backend. `auto` tries native, then wasm, then cpu; a named preference fails loudly
 * when that backend cannot start (the user asked for it explicitly).
 */
export async function initBackend(preference: BackendPreference = envPreference()): Promise<BackendInfo> {
  if (active && (preference === 'auto' || preference === active.name)) return active;
  const reasons: string[] = [];
  if (preference === 'wasm' || preference === 'cpu') {
    reasons.push(process.env.RNN_STUDIO_BACKEND === preference ? `forced by RNN_STUDIO_BACKEND=${preference}` : `${preference} was requested explicitly`);
  }

  if (preference === 'auto' || preference === 'tensorflow') {
    const why = loadNative();
    if (!why && (await tf.setBackend('tensorflow'))) {
      return remember({ name: 'tensorflow', native: true, tensorflowVersion: tensorflowVersionOf() ?? nativeTensorflowVersion, tfjsVersion: tf.version.tfjs, threads: nativeThreads() });
    }
    reasons.push(why ?? 'the native backend failed to initialise');
    if (preference === 'tensorflow') throw new Error(reasons.join('; '));
  }
  if (preference === 'auto' || preference === 'wasm') {
    const why = await activateWasm();
    if (!why) return remember({ name: 'wasm', native: false, tfjsVersion: tf.version.tfjs, threads: cpus().length, fallbackReason: reasons.join('; ') || undefined });
    reasons.push(why);
    if (preference === 'wasm') throw new Error(why);
  }
  await tf.setBackend('cpu');
  return remember({ name: 'cpu', native: false, tfjsVersion: tf.version.tfjs, threads: 1, fallbackReason: reasons.join('; ') || undefined });
}

function remember(info: BackendInfo): BackendInfo {
  active = info;
  return info;
}

/** `RNN_STUDIO_BACKEND=wasm|cpu|tensorflow` forces a backend (tests and benchmarks use it). */
export function envPreference(): BackendPreference {
  const value = process.env.RNN_STUDIO_BACKEND;
  return value === 'tensorflow' || value === 'wasm' || value === 'cpu' ? value : 'auto';
}

/** The active backend; initBackend() must have run. */
export function backendInfo(): BackendInfo {
  if (!active) throw new Error('initBackend() has not been called');
  return active;
}

/** Whether the native binding loads, and why not — for `doctor`, without switching backends. */
export function probeNative(): { available: boolean; reason?: string; tensorflowVersion?: string } {
  const why = loadNative();
  return why ? { available: false, reason: why } : { available: true, tensorflowVersion: tensorflowVersionOf() ?? nativeTensorflowVersion };
}
