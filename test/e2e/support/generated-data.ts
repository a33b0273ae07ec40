/** Datasets the specs generate (never the sample), and the upload → tiny settings → train steps on them. */
import { expect, type Page } from '@playwright/test';
import { fill, go, runsOnDisk } from './app';
import { newRunId, pickRadio, TRAINED_TO_END } from './workflow';

const DAY = 86_400_000;

export interface GeneratedFile {
  name: string;
  buffer: Buffer;
}

/** A seasonal series with trend and a little deterministic noise, one date every `stepDays` days. */
export function seriesCsv(name: string, rows: number, stepDays: number, period: number, seed: number): GeneratedFile {
  const lines = ['date,value'];
  let state = seed;
  const noise = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648 - 0.5;
  };
  for (let i = 0; i < rows; i++) {
    const date = new Date(Date.UTC(2001, 0, 7) + i * stepDays * DAY).toISOString().slice(0, 10);
    lines.push(`${date},${(100 + 0.05 * i + 10 * Math.sin((2 * Math.PI * i) / period) + noise()).toFixed(3)}`);
  }
  return { name, buffer: Buffer.from(lines.join('\n') + '\n') };
}

export async function upload(page: Page, file: GeneratedFile): Promise<void> {
  await go(page, 'data');
  await page.getByTestId('file-input').setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: file.buffer });
  await expect(page.getByTestId('dataset-name')).toHaveText(file.name);
}

/** Small and quick: lookback 8, horizon 1, one GRU layer of 8 units, one network, no early stopping. */
export async function tinySettings(page: Page, epochs: number): Promise<void> {
  await go(page, 'data');
  await fill(page, 'lookback-input', '8');
  await fill(page, 'horizon-input', '1');
  await go(page, 'model');
  await pickRadio(page, 'cell-select', 'gru');
  await fill(page, 'layer-units-0', '8');
  await fill(page, 'ensemble-input', '1');
  await go(page, 'train');
  await fill(page, 'epochs-input', String(epochs));
  const earlyStopping = page.getByTestId('early-stopping-toggle');
  if ((await earlyStopping.getAttribute('aria-checked')) === 'true') await earlyStopping.click();
}

/** Starts training on the Train view; returns the new run's id once its folder exists. */
export async function startTraining(page: Page): Promise<string> {
  const before = new Set(runsOnDisk().map((r) => r.id));
  await go(page, 'train');
  await page.getByTestId('train-start').click();
  return newRunId(before);
}

/** Starts training on the Train view and waits for it to end; returns the run id. */
export async function train(page: Page): Promise<string> {
  const runId = await startTraining(page);
  await expect(page.getByTestId('train-status')).toHaveText(TRAINED_TO_END, { timeout: 150_000 });
  return runId;
}
