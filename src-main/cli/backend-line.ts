import { recurrentKernelNote, type BackendInfo, type CellType, type RecurrentCoreId, type RecurrentKernel } from '../engine/spec';

/**
 * "backend: tensorflow (native, TF 2.21.0)" or "backend: wasm (native unavailable: …)", followed by
 * "; recurrent core: tensorflow-fused" when the core is given, with " (GRU: rnn-studio-addon)" when the
 * kernel under a SimpleRNN or GRU is.
 */
export function backendLine(info: BackendInfo, core?: RecurrentCoreId, kernel?: { cell: CellType; kernel: RecurrentKernel }): string {
  const coreNote = core ? `; recurrent core: ${core}${kernel ? ` (${recurrentKernelNote(kernel.cell, kernel.kernel)})` : ''}` : '';
  if (info.native) return `backend: ${info.name} (native, TF ${info.tensorflowVersion ?? 'unknown version'})${coreNote}`;
  // No reason means native was not tried: RNN_STUDIO_BACKEND picked this one.
  return (info.fallbackReason ? `backend: ${info.name} (native unavailable: ${info.fallbackReason})` : `backend: ${info.name} (native not selected)`) + coreNote;
}
