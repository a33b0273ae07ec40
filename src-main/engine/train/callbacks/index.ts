export type { TrainingCallback, TrainingContext, BatchEnd, EpochEnd } from './callback';
export { Checkpoint } from './checkpoint';
export { EarlyStopping } from './early-stopping';
export { LearningRate } from './learning-rate';
export { OverfittingWatch, OVERFITTING_EPOCHS } from './overfitting';
export { GradientWatch } from './gradient-watch';
