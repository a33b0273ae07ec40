import type { BackendInfo, RecurrentCoreId, SimpleRnnKernel } from '../engine/spec';

/**
 * "backend: tensorflow (native, TF 2.21.0)" or "backend: wasm (native unavailable: …)", followed by
 * "; recurrent core: tensorflow-fused" when the core is given, with " (SimpleRNN: rnn-studio-addon)" when
 * the kernel under a SimpleRNN is.
 */
export function backendLine(info: BackendInfo, core?: RecurrentCoreId, simpleRnnKernel?: SimpleRnnKernel): string {
  const coreNote = core ? `; recurrent core: ${core}${simpleRnnKernel ? ` (SimpleRNN: ${simpleRnnKernel})` : ''}` : '';
  if (info.native) return `backend: ${info.name} (native, TF ${info.tensorflowVersion ?? 'unknown version'})${coreNote}`;
  // No reason means native was not tried: RNN_STUDIO_BACKEND picked this one.
  return (info.fallbackReason ? `backend: ${info.name} (native unavailable: ${info.fallbackReason})` : `backend: ${info.name} (native not selected)`) + coreNote;
}
