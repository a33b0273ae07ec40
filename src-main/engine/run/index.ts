export { RunStore, RunHandle, readRecord, recoverModelDir, isLive, isProcessAlive, RUN_FILE, METRICS_FILE, MODEL_DIR, EXPORT_DIR } from './run-store';
export type { CreateRunOptions, RunPatch, UserPatch, RunListingResult, RunData } from './run-store';
export { RunStoreError, type RunStoreErrorCode } from './run-errors';
export { newRunId, isSafeRunId } from './run-id';
export { writeFileAtomic, fsyncDir } from './atomic-write';
export { EventLogWriter, parseEventLog, downsampleBatches, lastEpoch } from './event-log';
export { runVersions, readAppVersion } from './versions';
export { replaceDirAtomic, recoverReplacedDir, type SwapStep, type ReplaceDirOptions, type Recovery } from './replace-dir';
export { diffConfigs, type ConfigDifference } from './config-diff';
