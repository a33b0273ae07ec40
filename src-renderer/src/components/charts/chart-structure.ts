import type { EChartsCoreOption } from 'echarts/core';

type Loose = Record<string, unknown>;

const listOf = (value: unknown): Loose[] => (Array.isArray(value) ? value : value ? [value] : []) as Loose[];
const definedKeys = (object: Loose): string => Object.keys(object).filter((k) => object[k] !== undefined).sort().join(',');

/** Series carry ids, so an update merges each series into its predecessor instead of rebuilding it. */
export function withSeriesIds(option: EChartsCoreOption): EChartsCoreOption {
  const series = (option as Loose).series;
  if (!Array.isArray(series)) return option;
  return { ...option, series: series.map((s: Loose, i) => (s.id !== undefined ? s : { ...s, id: `${i}:${String(s.name ?? '')}` })) };
}

/**
 * What must stay the same for an update to merge into the chart's current option (keeping its
 * components, zoom and legend choices): the same option keys, axis types, and series with the same
 * ids, types and keys. Anything else is drawn afresh.
 */
export function optionStructure(option: EChartsCoreOption): string {
  const o = option as Loose;
  return JSON.stringify({
    keys: definedKeys(o),
    x: listOf(o.xAxis).map((a) => `${String(a.type)}|${definedKeys(a)}`),
    y: listOf(o.yAxis).map((a) => `${String(a.type)}|${definedKeys(a)}`),
    series: listOf(o.series).map((s) => `${String(s.id)}|${String(s.type)}|${definedKeys(s)}`),
  });
}
