import { lttbIndices } from './downsample';
import { nearestPointIndex } from './split';
import type { TrainingTrace } from './training-trace';
import type { WarningEvent } from '@engine-spec/index';

/**
 * Points per line on the live training charts: under one per pixel of a wide chart, which LTTB keeps
 * the shape of. More only costs redraw time while a model trains (bench/ui measures it).
 */
export const LIVE_POINTS = 800;
/**
 * Points for all of a chart's secondary lines together (per-layer gradient norms): an ensemble has a
 * line per member and layer, a dozen lines of 800 points each made every live redraw long.
 */
export const LIVE_POINTS_SHARED = 2400;
/** Fewest points a shared line gets, however many lines share the budget. */
const LIVE_POINTS_SHARED_MIN = 120;

/** Points each of `lines` lines gets out of the shared budget (at most LIVE_POINTS each). */
export function sharedLinePoints(lines: number): number {
  if (lines <= 0) return LIVE_POINTS;
  return Math.max(LIVE_POINTS_SHARED_MIN, Math.min(LIVE_POINTS, Math.floor(LIVE_POINTS_SHARED / lines)));
}
/** Markers (clip events) drawn at most on a live chart; symbols cost far more to draw than line points. */
export const LIVE_MARKERS = 300;
/** Epoch points get a symbol while there are few enough of them to tell apart. */
export const EPOCH_SYMBOLS_UP_TO = 60;

/**
 * Zoom for the live charts: the slider without its data shadow, which would redraw a second copy of
 * the first line on every update.
 */
export function liveDataZoom(): Array<Record<string, unknown>> {
  return [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 6, showDataShadow: false }];
}

/**
 * The plot area of a live chart, at fixed margins. ECharts' default ('auto' outer bounds) lays out
 * every axis label twice per redraw, once to check that none overflows the chart: a few ms and a
 * few hundred KB of garbage each second a model trains. These axes' labels (3 significant digits)
 * fit the margins.
 */
export function liveGrid(margins: { top: number; bottom: number }): Record<string, unknown> {
  return { left: 64, right: 24, ...margins, outerBoundsMode: 'none' };
}

/**
 * A live line's points for ECharts, packed x0, y0, x1, y1, … and downsampled (LTTB) to at most `max`:
 * ECharts takes a Float64Array as is (no deep clone, no array per point), and a live chart rebuilds
 * its lines every second, so no [x, y] pair is built only to be packed again.
 */
export function livePoints(xs: readonly number[], ys: readonly number[], max = LIVE_POINTS): Float64Array {
  const n = Math.min(xs.length, ys.length);
  const picked = n <= max ? null : lttbIndices(xs, ys, max);
  const count = picked ? picked.length : n;
  const packed = new Float64Array(2 * count);
  for (let k = 0; k < count; k++) {
    const i = picked ? picked[k] : k;
    packed[2 * k] = xs[i];
    packed[2 * k + 1] = ys[i];
  }
  return packed;
}

/** Where a warning belongs on a chart: its step (or its epoch's last step) and the series' value there. */
export function warningPosition(trace: TrainingTrace, warning: WarningEvent, ys: readonly number[]): [number, number] | null {
  let step = warning.step;
  if (step === undefined) {
    const epochIndex = trace.epochs.findIndex((e) => e.epoch === warning.epoch);
    step = epochIndex >= 0 ? trace.epochEndSteps[epochIndex] : undefined;
  }
  if (step === undefined || trace.steps.length === 0) return null;
  const i = nearestPointIndex(trace.steps, step);
  const y = ys[i];
  return [trace.steps[i], Number.isFinite(y) ? y : finiteNeighbour(ys, i)];
}

function finiteNeighbour(ys: readonly number[], i: number): number {
  for (let d = 1; d < ys.length; d++) {
    if (i - d >= 0 && Number.isFinite(ys[i - d])) return ys[i - d];
    if (i + d < ys.length && Number.isFinite(ys[i + d])) return ys[i + d];
  }
  return 1;
}

/** Picks at most `max` evenly spread items (for markers that would otherwise crowd a chart). */
export function spread<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return items.slice();
  const out: T[] = [];
  const stride = items.length / max;
  for (let k = 0; k < max; k++) out.push(items[Math.floor(k * stride)]);
  return out;
}

export const WARNING_COLOUR: Record<WarningEvent['kind'], string> = {
  nan: '#d03050',
  exploding: '#e8590c',
  vanishing: '#7048e8',
  plateau: '#868e96',
  overfitting: '#d48f0c',
};
