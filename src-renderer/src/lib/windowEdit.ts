/** A copy of the window with one cell changed (the store keeps windows immutable so charts see the change). */
export function setWindowCell(window: readonly (readonly number[])[], step: number, col: number, value: number): number[][] {
  if (step < 0 || step >= window.length) throw new RangeError(`step ${step} is outside the window (0–${window.length - 1})`);
  if (col < 0 || col >= (window[step]?.length ?? 0)) throw new RangeError(`column ${col} is outside the window's ${window[step]?.length ?? 0} columns`);
  if (!Number.isFinite(value)) throw new RangeError(`window cell (${step}, ${col}) needs a finite number`);
  return window.map((row, i) => (i === step ? row.map((v, j) => (j === col ? value : v)) : [...row]));
}

/** One column of a [step][column] window as a list. */
export function windowColumn(window: readonly (readonly number[])[], col: number): number[] {
  return window.map((row) => row[col]);
}

/** Rounds for display in an editable cell without losing what the user typed. */
export function roundForCell(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
}

/** Index of the value in ascending `xs` nearest to `x` (-1 when empty): maps a click on a chart to a point. */
export function nearestIndex(xs: readonly number[], x: number): number {
  if (xs.length === 0) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[lo] - x) <= Math.abs(xs[hi] - x) ? lo : hi;
}

/** A chart x for an ISO date or a row number. */
export function chartX(raw: string | number): number {
  return typeof raw === 'string' ? Date.parse(raw) : raw;
}
