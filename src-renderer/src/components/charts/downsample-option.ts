import type { EChartsCoreOption } from 'echarts/core';
import { lttb } from '../../lib/downsample';

export const DOWNSAMPLE_THRESHOLD = 5000;

type XY = [number, number | null];

function isNumericPairs(data: unknown): data is XY[] {
  if (!Array.isArray(data) || data.length === 0) return false;
  const probe = data[0] as unknown;
  return Array.isArray(probe) && typeof probe[0] === 'number';
}

/**
 * Applies LTTB to every series whose data is [x, y] pairs longer than the threshold, leaving the
 * rest of the option untouched. The chart then draws at most ~threshold points per line.
 */
export function downsampleOption(option: EChartsCoreOption, threshold = DOWNSAMPLE_THRESHOLD): EChartsCoreOption {
  const series = (option as { series?: unknown }).series;
  if (!Array.isArray(series)) return option;
  let changed = false;
  const next = series.map((s: unknown) => {
    const data = (s as { data?: unknown }).data;
    if (!isNumericPairs(data) || data.length <= threshold) return s;
    changed = true;
    return { ...(s as object), data: lttb(data, threshold) };
  });
  return changed ? { ...option, series: next } : option;
}
