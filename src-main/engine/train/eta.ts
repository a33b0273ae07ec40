/**
 * The one estimate of time left in a run, for batch and epoch events alike: the active (unpaused)
 * time so far, extrapolated over the remaining batches. The first few batches include warm-up
 * (graph building, first allocations), so no estimate is given before `MIN_BATCHES_FOR_ETA`.
 */
export const MIN_BATCHES_FOR_ETA = 3;

export function batchesPerEpoch(trainWindows: number, batchSize: number): number {
  return Math.max(1, Math.ceil(trainWindows / Math.max(1, batchSize)));
}

/** Seconds left after `doneBatches` of `totalBatches`, or undefined while too few batches are done to tell. */
export function etaSeconds(elapsedSeconds: number, doneBatches: number, totalBatches: number): number | undefined {
  if (doneBatches < MIN_BATCHES_FOR_ETA || !(elapsedSeconds >= 0)) return undefined;
  const left = Math.max(0, totalBatches - doneBatches);
  return (elapsedSeconds / doneBatches) * left;
}
