import type { RunConfig } from './run';

/** "co2.csv" → "co2": a dataset as people call it. */
export function datasetLabel(fileName: string): string {
  const base = fileName.replace(/\\/g, '/').split('/').pop() ?? fileName;
  return base.replace(/\.(csv|tsv|txt|json|xlsx|parquet)$/i, '') || base;
}

const DATASET_LABEL_MAX = 120;

/**
 * A run named from what it is: dataset · cell and units · lookback · start time, e.g.
 * "co2 · LSTM 32 · lookback 96 · 05:11". Used when the user gave no name.
 */
export function runTitle(config: Pick<RunConfig, 'model' | 'window'>, datasetName: string, at: Date): string {
  const units = config.model.layers.map((l) => l.units).join('-');
  const cell = `${config.model.bidirectional ? 'Bi-' : ''}${config.model.cell.toUpperCase()} ${units}`;
  const time = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  // File names may be long; the title stays well inside a run name's 200 characters.
  const label = datasetLabel(datasetName);
  const dataset = label.length > DATASET_LABEL_MAX ? `${label.slice(0, DATASET_LABEL_MAX - 1)}…` : label;
  return `${dataset} · ${cell} · lookback ${config.window.lookback} · ${time}`;
}
