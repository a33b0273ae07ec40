/** The steps several specs share: a tiny configuration on the sample, and training it to the end. */
import { expect, type Page } from '@playwright/test';
import { fill, go, runsOnDisk } from './app';

export interface TinyRun {
  cell: 'rnn' | 'lstm' | 'gru';
  epochs: number;
  units?: number;
  /** Sets the Model view's linear shortcut switch (left as suggested when absent). */
  linearShortcut?: boolean;
}

/**
 * Clicks the option of a Naive UI radio group (cell-select, topology-select, …) by its value — the
 * spec's own vocabulary ('rnn', 'many-to-one'), which survives relabelling.
 */
export async function pickRadio(page: Page, testId: string, value: string): Promise<void> {
  const group = page.getByTestId(testId);
  await group.locator('label').filter({ has: page.locator(`input[type="radio"][value="${value}"]`) }).click();
  await expect(group.locator(`input[type="radio"][value="${value}"]`)).toBeChecked();
}

/** Sample data, lookback 12, horizon 1, one small layer of `cell`, `epochs` epochs. */
export async function configureTinyRun(page: Page, run: TinyRun): Promise<void> {
  await go(page, 'data');
  await page.getByTestId('open-sample').click();
  await expect(page.getByTestId('dataset-name')).toContainText('airline');
  await expect(page.getByTestId('target-select')).toContainText('Passengers');
  await fill(page, 'lookback-input', '12');
  await fill(page, 'horizon-input', '1');

  await go(page, 'model');
  await pickRadio(page, 'cell-select', run.cell);
  await fill(page, 'layer-units-0', String(run.units ?? 8));
  // One network, not the suggested seed ensemble: a tiny run stays tiny.
  await fill(page, 'ensemble-input', '1');
  if (run.linearShortcut !== undefined) {
    const toggle = page.getByTestId('linear-shortcut-toggle');
    if ((await toggle.getAttribute('aria-checked')) !== String(run.linearShortcut)) await toggle.click();
    await expect(toggle).toHaveAttribute('aria-checked', String(run.linearShortcut));
  }
  await expect(page.getByTestId('model-error')).toHaveCount(0);

  await go(page, 'train');
  await fill(page, 'epochs-input', String(run.epochs));
}

/** The id of the run that appeared on disk since `before` (ids of runs that existed then). */
export async function newRunId(before: ReadonlySet<string>): Promise<string> {
  let id: string | undefined;
  await expect
    .poll(() => {
      id = runsOnDisk().find((r) => !before.has(r.id))?.id;
      return id;
    }, { message: 'a new run folder should appear in the runs directory' })
    .toBeTruthy();
  return id as string;
}

/** A run that trained to its end: completed, or honestly no better than the untrained network (a tiny run may be). */
export const TRAINED_TO_END = /^(completed|no improvement)$/;

/** Starts training on the Train view and waits for it to train to its end; returns the run id. */
export async function trainToCompletion(page: Page): Promise<string> {
  const before = new Set(runsOnDisk().map((r) => r.id));
  await page.getByTestId('train-start').click();
  const runId = await newRunId(before);
  await expect(page.getByTestId('train-status')).toHaveText(TRAINED_TO_END, { timeout: 120_000 });
  return runId;
}
