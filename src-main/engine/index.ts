// The engine's public surface: what the worker, the CLI, the service, the benchmarks and the tests
// import. Plain TypeScript on tfjs; no Electron, no DOM.
export * from './spec';
export { initBackend, backendInfo, probeNative, envPreference, type BackendPreference } from './backend';
export * from './data';
export * from './model';
export * from './train';
export * from './metrics';
export { runExperiment, summarise, modelDims, ExperimentControl, type ExperimentOptions, type ExperimentResult, type ExperimentStatus } from './experiment';
export { suggestConfig, chooseLookback, chooseEpochs, chooseBatchSize, choosePatience, chooseTransforms, wantsLog, wantsDiff, wantsSeasonalDiff, levelWanders } from './defaults';
export { forecastSplit, rollout, type FutureFeatures, predictFromWindow, forecastFuture, forecastSegment, evaluateSegment, seasonOf, predictRaw, xOfRow } from './predict';
export { saveModelDir, loadModelDir, MODEL_JSON, WEIGHTS_BIN, PREPROCESSING_JSON } from './export';
export { checkRunConfig, describeProblem, emptySegmentProblem, fieldOfDataError, dimsOf, type ConfigProblem } from './check-run-config';
export { ConfigError } from './config-error';
export { backtest, originRows, describeFeatureUse, INTERVAL_LEVELS, type BacktestOptions, type BacktestResult, type BacktestStep, type IntervalCheck } from './backtest';
export { forecastAhead, describeFutureFeatures, type AheadForecast } from './forecast-ahead';
export { futureFeaturesFromTable, requiredFutureColumns, futureRowsNeeded } from './future-features';
