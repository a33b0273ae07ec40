// The training area: the custom training loop with diagnostics, and its pure building blocks.
export { TrainingJob } from './training-job';
export { Checkpoint, EarlyStopping, GradientWatch, LearningRate, OverfittingWatch } from './callbacks';
export type { TrainingCallback, TrainingContext } from './callbacks';
export type { TrainingJobOptions, TrainResult, TrainingBatch, TrainStatus } from './types';
export { learningRateForEpoch, plateauStep, initialPlateauState } from './schedules';
export type { PlateauState } from './schedules';
export { GradientMonitor, median } from './gradient-monitor';
export { modelVariables, snapshotWeights, restoreWeights } from './model-variables';
export { globalNorm, clipScaleForNorm, clipScalesPerGroup, clipValue, clipGradientsByNorm, clipGradientsByGroup, clipGradientsByValue } from './clipping';
export { memberOutputsModel, memberLosses } from './ensemble-members';
export { shuffledIndices } from './shuffle';
export { createOptimizer, setLearningRate } from './optimizer';
export { joinBatches, refitSpec, refitOnTrainAndVal, type RefitOptions } from './refit';
export { chooseRecipe, INNER_VALIDATION_SHARE, splitLastWindows } from './recipe';
export { ridgeFit, fitLinearShortcut, hasLinearShortcut, MAX_CLOSED_FORM_INPUTS } from './linear-shortcut-fit';
