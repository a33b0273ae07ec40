import type { BackendInfo } from '../engine/spec';

/** "backend: tensorflow (native, TF 2.21.0)" or "backend: wasm (native unavailable: …)". */
export function backendLine(info: BackendInfo): string {
  if (info.native) return `backend: ${info.name} (native, TF ${info.tensorflowVersion ?? 'unknown version'})`;
  // No reason means native was not tried: RNN_STUDIO_BACKEND picked this one.
  return info.fallbackReason ? `backend: ${info.name} (native unavailable: ${info.fallbackReason})` : `backend: ${info.name} (native not selected)`;
}
