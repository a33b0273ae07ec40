/**
 * The whole workflow on the bundled sample, as a newcomer does it: load, configure, design the
 * model, train with live charts, predict, export — and the exported model loads back in the engine.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { expect, test } from '@playwright/test';
import { initBackend } from '../../src-main/engine/backend';
import { loadModelDir } from '../../src-main/engine/export';
import { chartFingerprint, collectPageErrors, fill, go, openApp, openSample, readRun, shot } from './support/app';
import type { PageGlobals } from './support/page-globals';
import { configureTinyRun, pickRadio, trainToCompletion } from './support/workflow';

test('sample → configure → model → train → predict → export', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await openApp(page);

  // Data: the sample, its columns and rows, a chart; target and window.
  await openSample(page);
  await expect(page.getByTestId('column-table')).toContainText('Passengers');
  await expect(page.getByTestId('rows-preview')).toContainText('1949-01');
  await expect(page.getByTestId('series-chart').locator('canvas').first()).toBeVisible();
  await configureTinyRun(page, { cell: 'gru', epochs: 25, units: 8 });
  await go(page, 'data');
  await shot(page, '01-data');

  // Model: cell and layers change the parameter count the diagram shows.
  await go(page, 'model');
  await expect(page.getByTestId('model-diagram')).toBeVisible();
  const gruParams = (await page.getByTestId('param-count').innerText()).trim();
  expect(gruParams).toMatch(/\d/);
  await pickRadio(page, 'cell-select', 'lstm');
  await expect(page.getByTestId('param-count')).not.toHaveText(gruParams);
  await page.getByTestId('add-layer').click();
  await expect(page.getByTestId('layer-units-1')).toBeVisible();
  await page.getByTestId('remove-layer-1').click();
  await expect(page.getByTestId('layer-units-1')).toHaveCount(0);
  await pickRadio(page, 'cell-select', 'gru');
  await expect(page.getByTestId('param-count')).toHaveText(gruParams);
  await shot(page, '02-model');

  // Train: 25 epochs (enough to outlast the live figures' 300 ms throttle on an idle machine, where
  // 3 epochs ended before the counter showed a second value); the counter advances live and the
  // loss chart draws points.
  await go(page, 'train');
  const lossChart = page.getByTestId('loss-chart');
  await expect(lossChart.locator('canvas').first()).toBeVisible();
  const emptyLoss = await chartFingerprint(lossChart);
  // Record every value the epoch counter shows, to prove it moved while training ran.
  await page.getByTestId('train-epoch').evaluate((el) => {
    const page = globalThis as unknown as PageGlobals;
    const seen: string[] = [];
    page.__epochs = seen;
    new page.MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
  });
  const runId = await trainToCompletion(page);
  await expect(page.getByTestId('train-epoch')).toHaveText('25');
  const epochsSeen = await page.evaluate(() => ((globalThis as unknown as PageGlobals).__epochs ?? []).map((s) => s.trim()));
  expect(new Set(epochsSeen.filter((s) => /^[1-9]\d*$/.test(s))).size, `epoch counter values seen: ${epochsSeen.join(', ')}`).toBeGreaterThanOrEqual(2);
  // A chart redraws while in sight (one scrolled away waits to be scrolled back).
  await lossChart.scrollIntoViewIfNeeded();
  await expect.poll(() => chartFingerprint(lossChart), { message: 'the loss chart should draw the training curve' }).not.toBe(emptyLoss);
  await expect(page.getByTestId('grad-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('run-summary')).toBeVisible();
  await shot(page, '03-train');
  const record = readRun(runId).record;
  // A few epochs of a tiny GRU may or may not beat the untrained network on the differenced sample; either way it trained to its end and kept a model.
  expect(record.status).toMatch(/^(completed|no_improvement)$/);
  expect(readRun(runId).metricsLines).toBeGreaterThanOrEqual(25);

  // Playground: forecast against baselines, then roll forward.
  await go(page, 'playground');
  await expect(page.getByTestId('forecast-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('metrics-table')).toContainText(/MAE/i);
  await expect(page.getByTestId('metrics-table')).toContainText(/naive/i);
  await fill(page, 'rollout-steps', '6');
  await page.getByTestId('rollout-run').click();
  await expect(page.getByTestId('rollout-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('error-message')).toHaveCount(0);
  await shot(page, '04-playground');

  // Export: the model and the predictions land in the run's export folder.
  await go(page, 'export');
  await page.getByTestId('export-model').click();
  const modelDir = join(readRun(runId).dir, 'export', 'model');
  await expect(page.getByTestId('export-result')).toContainText(modelDir);
  // Keras and ONNX: the model file with the Python kit, in the run's export folder by format.
  for (const format of ['keras', 'onnx'] as const) {
    await pickRadio(page, 'export-format', format);
    await expect(page.getByTestId('export-format-explain')).toContainText('predict.py');
    await page.getByTestId('export-model').click();
    const formatDir = join(readRun(runId).dir, 'export', format);
    await expect(page.getByTestId('export-result')).toContainText(join(formatDir, `model.${format}`));
    for (const file of [`model.${format}`, 'preprocessing.json', 'predict.py', 'train.py']) expect(existsSync(join(formatDir, file))).toBe(true);
  }
  await page.getByTestId('export-predictions').click();
  const predictions = join(readRun(runId).dir, 'export', 'predictions.csv');
  await expect(page.getByTestId('export-result')).toContainText(predictions);
  await shot(page, '05-export');

  expect(existsSync(join(modelDir, 'model.json'))).toBe(true);
  const csv = readFileSync(predictions, 'utf8').trim().split('\n');
  expect(csv.length).toBeGreaterThan(2);
  expect(csv[0]).toMatch(/Passengers/);

  // The exported model loads back in the engine and predicts finite numbers for a window of the right shape.
  await initBackend();
  const { model } = await loadModelDir(modelDir);
  try {
    const shape = model.inputs[0].shape.map((d) => d ?? 1);
    const finite = tf.tidy(() => {
      const out = model.predict(tf.zeros(shape)) as tf.Tensor;
      return tf.isFinite(out).all().dataSync()[0];
    });
    expect(finite).toBe(1);
  } finally {
    model.dispose();
  }
  expect(pageErrors).toEqual([]);
});
