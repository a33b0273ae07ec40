import type { EChartsCoreOption } from 'echarts/core';

/** Below this many points a line is cheap however it is handed over. */
const PACK_FROM = 64;

type Loose = Record<string, unknown>;

function packPairs(data: unknown): Float64Array | null {
  if (!Array.isArray(data) || data.length < PACK_FROM) return null;
  const packed = new Float64Array(data.length * 2);
  for (let i = 0; i < data.length; i++) {
    const point = data[i] as unknown;
    if (!Array.isArray(point) || point.length !== 2) return null;
    // Indexed, not destructured: destructuring walks an iterator, an object per point per redraw.
    const x = (point as unknown[])[0];
    const y = (point as unknown[])[1];
    if (typeof x !== 'number' || (y !== null && typeof y !== 'number')) return null;
    packed[2 * i] = x;
    // A missing value stays a gap: ECharts draws NaN as one, as it does null.
    packed[2 * i + 1] = y === null ? Number.NaN : y;
  }
  return packed;
}

/**
 * Line and scatter data of [x, y] pairs as one flat Float64Array (x0, y0, x1, y1, …), which ECharts
 * takes as is: it deep-clones every option it is given except typed arrays, and reads a typed array
 * into its data store without an array per point. A live redraw then allocates and copies far less
 * (fewer and shorter garbage-collection pauses). Series of anything else (objects, categories) stay.
 */
export function packSeriesData(option: EChartsCoreOption): EChartsCoreOption {
  const series = (option as Loose).series;
  if (!Array.isArray(series)) return option;
  let changed = false;
  const next = series.map((s: Loose) => {
    if (s.type !== 'line' && s.type !== 'scatter') return s;
    const packed = packPairs(s.data);
    if (!packed) return s;
    changed = true;
    return { ...s, data: packed };
  });
  return changed ? { ...option, series: next } : option;
}
