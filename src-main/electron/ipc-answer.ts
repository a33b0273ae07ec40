/**
 * One contract call as the IPC adapter answers it: input validated with the contract, errors turned
 * into ApiError data (never a thrown Error, whose message Electron's IPC wraps and mangles). Kept free
 * of Electron imports so it is tested with the real service in plain Node.
 */
import { parseInput, type MethodInput, type MethodName, type StudioApi } from '../common/contract';
import { toApiError } from '../service/api-errors';
import type { IpcReply } from './bridge-channels';
import { refuseUngrantedPath, type PathGrants } from './path-grants';

export const REFUSED_SENDER: IpcReply<never> = {
  ok: false,
  error: { code: 'bad_input', message: 'refused: this request did not come from the RNN Studio window' },
};

/** With `grants`, a desktop-only method's path must be one the user chose (see path-grants.ts). */
export async function answer(service: StudioApi, method: MethodName, input: unknown, grants?: PathGrants): Promise<IpcReply<unknown>> {
  try {
    const parsed = parseInput(method, input) as MethodInput<MethodName>;
    const refusal = grants && refuseUngrantedPath(method, parsed, grants);
    if (refusal) return refusal;
    return { ok: true, output: await service.call(method, parsed) };
  } catch (err) {
    return { ok: false, error: toApiError(err) };
  }
}
