export interface FieldError {
  path: string;
  message: string;
}

/** Backends may prefix paths with the request's own field name; the UI keys errors by config path. */
export function normalisePath(path: string): string {
  return path.replace(/^config\./, '').replace(/\[(\d+)\]/g, '.$1');
}

/** Errors at `path` or below it (so "model.layers" also catches "model.layers.1.units"). */
export function errorsAt(errors: readonly FieldError[], path: string): FieldError[] {
  return errors.filter((e) => {
    const p = normalisePath(e.path);
    return p === path || p.startsWith(`${path}.`);
  });
}

/** Errors that no field on screen claims, shown in the general list. */
export function unclaimedErrors(errors: readonly FieldError[], claimed: readonly string[]): FieldError[] {
  return errors.filter((e) => !claimed.some((path) => errorsAt([e], path).length > 0));
}

/** An error from the backend placed at the form field it names (its `field`), or null when it names none. */
export function fieldErrorOf(error: { message: string; field?: string }): FieldError | null {
  return error.field ? { path: normalisePath(error.field), message: error.message } : null;
}

/** The view whose form holds a run-config field: series and window on Data, model on Model, train on Train. */
export function viewOfField(path: string): 'data' | 'model' | 'train' | null {
  const section = normalisePath(path).split('.')[0];
  if (section === 'series' || section === 'window') return 'data';
  if (section === 'model') return 'model';
  if (section === 'train') return 'train';
  return null;
}
