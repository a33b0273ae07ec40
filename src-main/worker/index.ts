export { TrainingProcess, defaultWorkerEntry, type TrainingProcessOptions, type TrainingOutcome } from './training-process';
export { nodeLauncher, type WorkerLauncher, type WorkerPort } from './launcher';
export * from './protocol';
