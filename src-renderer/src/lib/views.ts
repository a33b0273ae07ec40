export const VIEWS = [
  { id: 'data', label: 'Data', hint: 'Import and shape the series' },
  { id: 'model', label: 'Model', hint: 'Cells, layers, topology' },
  { id: 'train', label: 'Train', hint: 'Optimise and watch' },
  { id: 'playground', label: 'Playground', hint: 'Forecasts and what-ifs' },
  { id: 'export', label: 'Export', hint: 'Model, predictions, charts' },
  { id: 'runs', label: 'Runs', hint: 'Every run on disk' },
  { id: 'compare', label: 'Compare', hint: 'Runs, cells, sweeps' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export function isViewId(value: string): value is ViewId {
  return VIEWS.some((v) => v.id === value);
}
