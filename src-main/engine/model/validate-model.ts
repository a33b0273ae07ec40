import { linearShortcutProblem, ModelSpec } from '../spec';
import { describeModel } from './describe-model';
import type { ModelDims } from './types';

export interface ModelValidation {
  ok: boolean;
  /** `path` is relative to the ModelSpec (e.g. `layers.1.units`); dims problems use `dims.<field>`. */
  errors: { path: string; message: string }[];
}

/** Beyond this the model will not train in reasonable time or memory on a desktop CPU. */
export const MAX_PARAMS = 20_000_000;

function dimsErrors(dims: ModelDims): ModelValidation['errors'] {
  const errors: ModelValidation['errors'] = [];
  for (const field of ['lookback', 'horizon', 'inputFeatures', 'targets'] as const) {
    const value = dims[field];
    if (!Number.isInteger(value) || value < 1) errors.push({ path: `dims.${field}`, message: `${field} must be a whole number of at least 1 (got ${value})` });
  }
  return errors;
}

/**
 * Checks a model spec (any JSON) and, when dims are given, that the model it describes can be built
 * for them. Never throws: every problem comes back with the field it belongs to.
 */
export function validateModel(input: unknown, dims?: ModelDims): ModelValidation {
  const parsed = ModelSpec.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(model)', message: issue.message })),
    };
  }
  const shortcutProblem = linearShortcutProblem(parsed.data);
  if (shortcutProblem) return { ok: false, errors: [{ path: 'linearShortcut', message: shortcutProblem }] };
  if (!dims) return { ok: true, errors: [] };
  const errors = dimsErrors(dims);
  if (errors.length === 0) {
    const { totalParams } = describeModel(parsed.data, dims);
    if (totalParams > MAX_PARAMS) {
      errors.push({
        path: 'layers',
        message: `the model has ${totalParams.toLocaleString('en-US')} parameters; at most ${MAX_PARAMS.toLocaleString('en-US')} train in reasonable time here — use fewer units or layers`,
      });
    }
  }
  return { ok: errors.length === 0, errors };
}
