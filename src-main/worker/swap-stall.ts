import { writeFileSync } from 'node:fs';
import type { SwapStep } from '../engine/run';

/**
 * A test hook: `RNN_STUDIO_TEST_STALL_SWAP=<step>:<n>` makes the worker's n-th checkpoint swap stop
 * for good at <step>, after writing its pid to `RNN_STUDIO_TEST_STALL_FILE`, so a test can SIGKILL
 * the real process at exactly that point. Without the variables the swap never waits.
 */
export function swapStallFromEnv(env: NodeJS.ProcessEnv = process.env): ((step: SwapStep) => Promise<void>) | undefined {
  const spec = env.RNN_STUDIO_TEST_STALL_SWAP;
  const file = env.RNN_STUDIO_TEST_STALL_FILE;
  if (!spec || !file) return undefined;
  const [stallStep, nth] = spec.split(':');
  const swapNumber = Number(nth ?? '1');
  let swaps = 0;
  return async (step) => {
    if (step === 'created') swaps++;
    if (step !== stallStep || swaps !== swapNumber) return;
    writeFileSync(file, `${process.pid}\n`);
    await new Promise<never>(() => undefined);
  };
}
