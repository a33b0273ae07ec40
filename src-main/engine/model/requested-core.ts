import { RecurrentCoreId } from '../spec';

/**
 * A core asked for by name with `RNN_STUDIO_RECURRENT_CORE` (to compare cores or rule one out), if any.
 * Its own module, free of tfjs, so run records can name the core without loading TensorFlow.
 */
export function requestedRecurrentCore(): RecurrentCoreId | undefined {
  const parsed = RecurrentCoreId.safeParse(process.env.RNN_STUDIO_RECURRENT_CORE);
  return parsed.success ? parsed.data : undefined;
}
