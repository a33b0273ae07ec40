import type { ModelDescription } from '../spec';
import type { ModelSpec } from '../spec';
import { planModel } from './plan';
import type { ModelDims } from './types';

/**
 * Per-layer output shapes and parameter counts of the model `buildModel` would build, without
 * touching tfjs: pure arithmetic, cheap enough to run on every keystroke in the designer.
 */
export function describeModel(spec: ModelSpec, dims: ModelDims): ModelDescription {
  const plan = planModel(spec, dims);
  const layers = plan.map((layer) => ({ name: layer.name, kind: layer.kind, outputShape: [...layer.outputShape], params: layer.params }));
  return {
    layers,
    totalParams: layers.reduce((sum, layer) => sum + layer.params, 0),
    inputShape: [...plan[0].outputShape],
    outputShape: [...plan[plan.length - 1].outputShape],
  };
}
