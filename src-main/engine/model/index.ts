// The model area: pure shape/parameter maths (describe), validation, and the tfjs model builder.
export type { ModelDims } from './types';
export { buildModel } from './build-model';
export { describeModel } from './describe-model';
export { validateModel } from './validate-model';
export type { ModelValidation } from './validate-model';
export { planModel, memberPrefix, memberOfLayer, ENSEMBLE_MEAN, SHORTCUT_FLATTEN, SHORTCUT_DENSE, SHORTCUT_RESHAPE, SHORTCUT_ADD } from './plan';
export type { PlannedLayer } from './plan';
export type { RecurrentCore, RecurrentLayerConfig } from './recurrent-core';
export { tfjsRecurrentCore, fastRecurrentCore, fusedNativeCore, defaultRecurrentCore, coreRunning, fusedKernelsUnavailable, recurrentKernelRunning } from './recurrent-core';
export { nativeAddonStatus } from './native-addon';
export type { NativeAddonStatus } from './native-addon';
export { requestedRecurrentCore } from './requested-core';
export { FastRecurrentLayer } from './fast-recurrent-layer';
export { createRng } from './random';
export { installUnstackGradient } from './unstack-gradient';
export type { Rng } from './random';
export { withFastestCore, recurrentCoreOf } from './rehost';
export { composeInferencePlan, fusedInferencePlan, type InferencePlan } from './inference-plan';
