// The engine's public surface: what the worker, the CLI, the service, the benchmarks and the tests
// import. Plain TypeScript on tfjs; no Electron, no DOM.
export * from './spec';
export { initBackend, backendInfo, probeNative, envPreference, type BackendPreference } from './backend';
export * from './data';
export * from './model';
export * from './train';
export * from './metrics';
export { runExperiment, summarise, modelDims, ExperimentControl, type ExperimentOptions, type ExperimentResult, type ExperimentStatus } from './experiment';
export { suggestConfig, chooseLookback, chooseEpochs, chooseBatchSize, wantsLog, wantsDiff } from './defaults';
export { forecastSplit, rollout, predictFromWindow, forecastFuture, forecastSegment, evaluateSegment, seasonOf, predictRaw, xOfRow } from './predict';
export { saveModelDir, loadModelDir, MODEL_JSON, WEIGHTS_BIN, PREPROCESSING_JSON } from './export';
export { checkRunConfig, describeProblem, emptySegmentProblem, fieldOfDataError, dimsOf, type ConfigProblem } from './check-run-config';
export { ConfigError } from './config-error';
