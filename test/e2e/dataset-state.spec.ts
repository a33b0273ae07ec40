/**
 * Each dataset keeps its own working state, the current run included: opening another dataset shows
 * none of the first one's run, and coming back brings back its run and the Playground's "From row".
 * A run watched from Export alone gets its model there when it finishes. Runs can be told apart where they are listed: full names, every column of the Runs table at 1920 px,
 * names in the Compare picker. Screenshots at 1280×720 and 1920×1080.
 * With rows dropped for missing values, "From row" still counts the table's rows (the Rows preview's #).
 * The seasonal difference's period shown in the Data view is the open dataset's, never the first one's.
 */
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { choose, collectPageErrors, fill, go, openApp, openSample, runsOnDisk, SCREENSHOT_DIR, shot, shotBoth } from './support/app';
import { seriesCsv, tinySettings, train, upload, type GeneratedFile } from './support/generated-data';
import { newRunId, pickRadio } from './support/workflow';

test('the seasonal period shown is the dataset\'s own, never the first dataset\'s', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await openApp(page);
  // The sample's suggested configuration differences seasonally at 12.
  await openSample(page);
  await expect(page.getByTestId('seasonal-period-input')).toHaveValue('12');

  // Quarterly data (season 4, differenced): a seasonal difference chosen now takes its season.
  const quarterly = seriesCsv('period-quarterly.csv', 120, 91, 4, 7);
  await upload(page, quarterly);
  await expect(page.getByTestId('seasonal-period-input')).toHaveCount(0);
  await choose(page, 'transform-select', 'seasonal difference');
  await expect(page.getByTestId('seasonal-period-input')).toHaveValue('4');

  // Each dataset shows its own period when opened again.
  await openSample(page);
  await expect(page.getByTestId('seasonal-period-input')).toHaveValue('12');
  await upload(page, quarterly);
  await expect(page.getByTestId('seasonal-period-input')).toHaveValue('4');
  expect(pageErrors).toEqual([]);
});

test('the current run and the Playground "From row" belong to their dataset', async ({ page }) => {
  test.setTimeout(360_000);
  const pageErrors = collectPageErrors(page);
  await openApp(page);
  const first = seriesCsv('state-first.csv', 140, 30, 12, 31);
  const second = seriesCsv('state-second.csv', 160, 7, 52, 32);

  await upload(page, first);
  await tinySettings(page, 1);
  const firstRun = await train(page);
  await go(page, 'playground');
  await expect(page.getByTestId('playground-run')).toHaveAttribute('data-run-id', firstRun);
  await expect(page.getByTestId('rollout-label')).toContainText(/steps from row \d+ \(\d{4}-\d\d-\d\d\): \d{4}-\d\d-\d\d … \d{4}-\d\d-\d\d/);
  await fill(page, 'rollout-at', '100');
  await page.getByTestId('rollout-run').click();
  await expect(page.getByTestId('rollout-label')).toContainText('from row 100');

  // Another dataset: none of the first one's run in the Playground or Export.
  await upload(page, second);
  await go(page, 'playground');
  await expect(page.getByTestId('playground-empty')).toBeVisible();
  await go(page, 'export');
  await expect(page.getByTestId('view-export')).not.toContainText('state-first');
  await tinySettings(page, 1);
  // Watched from Export alone (no Runs or Compare view open yet): the run's model shows once it finishes.
  const before = new Set(runsOnDisk().map((r) => r.id));
  await page.getByTestId('train-start').click();
  const secondRun = await newRunId(before);
  await go(page, 'export');
  await expect(page.getByTestId('export-predictions')).toBeVisible({ timeout: 150_000 });
  await go(page, 'playground');
  await expect(page.getByTestId('playground-run')).toHaveAttribute('data-run-id', secondRun);

  // Back to the first: its run and its "From row" come back.
  await upload(page, first);
  await go(page, 'playground');
  await expect(page.getByTestId('playground-run')).toHaveAttribute('data-run-id', firstRun);
  await expect(page.getByTestId('rollout-label')).toContainText('from row 100');
  await expect(page.getByTestId('rollout-at')).toHaveValue('100');
  await shotBoth(page, '30-dataset-state-playground');

  // The Runs table at 1920 px: every column in view, no header broken inside a word, names whole.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await go(page, 'runs');
  const table = page.getByTestId('runs-table');
  await expect(table.locator(`[data-run-id="${firstRun}"]`)).toBeVisible();
  await expect(table.locator(`[data-run-id="${secondRun}"]`)).toBeVisible();
  const layout = await table.evaluate((root) => {
    const body = root.querySelector('.n-data-table-base-table-body .n-scrollbar-container') ?? root.querySelector('.n-data-table-base-table-body');
    const titles = Array.from(root.querySelectorAll('th .n-data-table-th__title')).map((title) => {
      const box = title.getBoundingClientRect();
      const words = (title.textContent ?? '').trim().split(/\s+/).filter((w: string) => w !== '');
      // A header wrapped inside a word has more lines than it has words.
      const lines = Math.round(box.height / parseFloat(getComputedStyle(title).lineHeight || '20'));
      return { text: title.textContent ?? '', lines, words: words.length, clipped: title.scrollWidth > title.clientWidth + 1 };
    });
    const names = Array.from(root.querySelectorAll('[data-testid="run-row"] .run-name')).map((name) => {
      const cell = name.closest('td')!.getBoundingClientRect();
      const box = name.getBoundingClientRect();
      return box.right > cell.right + 1 || box.bottom > cell.bottom + 1;
    });
    return { scrollWidth: body?.scrollWidth ?? 0, clientWidth: body?.clientWidth ?? 0, titles, clippedNames: names.filter(Boolean).length };
  });
  expect(layout.scrollWidth, 'the Runs table scrolls sideways at 1920 px').toBeLessThanOrEqual(layout.clientWidth);
  for (const t of layout.titles) {
    if (t.words === 0) continue;
    expect(t.clipped, `header "${t.text}" is cut`).toBe(false);
    expect(t.lines, `header "${t.text}" breaks inside a word`).toBeLessThanOrEqual(t.words);
  }
  expect(layout.clippedNames, 'run names cut in the Runs table').toBe(0);
  await page.getByTestId(`run-select-${firstRun}`).check();
  await page.getByTestId(`run-select-${secondRun}`).check();

  // The Compare picker names the picked runs (not only "+2").
  await go(page, 'compare');
  const picker = page.getByTestId('compare-run-picker');
  // A picked run's tag shows its name (the picker may fold the rest into "+1").
  await expect(picker.locator('.n-tag').filter({ hasText: /state-(first|second) · GRU 8 · lookback 8 · \d\d:\d\d/ }).first()).toBeVisible();
  await shotBoth(page, '31-runs-and-compare-picker');
  expect(pageErrors).toEqual([]);
});

/** `file` with the value of some data rows (1-based, as the Rows preview numbers them) left empty. */
function withGaps(file: GeneratedFile, rows: number[]): { file: GeneratedFile; dateOf: (row: number) => string } {
  const lines = file.buffer.toString().trimEnd().split('\n');
  for (const row of rows) lines[row] = `${lines[row].split(',')[0]},`;
  return { file: { name: file.name, buffer: Buffer.from(lines.join('\n') + '\n') }, dateOf: (row) => lines[row].split(',')[0] };
}

test('with rows dropped for missing values, "From row" counts the table rows, with their dates', async ({ page }) => {
  test.setTimeout(300_000);
  const pageErrors = collectPageErrors(page);
  await openApp(page);
  const { file, dateOf } = withGaps(seriesCsv('gaps-dropped.csv', 140, 30, 12, 41), [40, 41, 100]);
  await upload(page, file);
  await pickRadio(page, 'missing-select', 'drop');
  await tinySettings(page, 1);
  await train(page);
  await go(page, 'playground');

  // A kept row after the gaps: the number typed is the row used, dated as the file dates it.
  await fill(page, 'rollout-at', '110');
  await page.getByTestId('rollout-run').click();
  await expect(page.getByTestId('rollout-label')).toContainText(`from row 110 (${dateOf(110)})`);
  await expect(page.getByTestId('rollout-note')).toHaveCount(0);

  // A dropped row cannot start a rollout: the next kept row does, and the Playground says so.
  await fill(page, 'rollout-at', '100');
  await page.getByTestId('rollout-run').click();
  await expect(page.getByTestId('rollout-note')).toHaveText(`row 100 was dropped for missing values; the rollout starts at the next kept row, row 101 (${dateOf(101)}).`);
  await expect(page.getByTestId('rollout-at')).toHaveValue('101');
  await expect(page.getByTestId('rollout-label')).toContainText(`from row 101 (${dateOf(101)})`);
  await expect(page.getByTestId('rollout-at-date')).toHaveText(dateOf(101));

  // Before the test period the start is not on the test chart: the chart says where the rollout starts.
  await fill(page, 'rollout-at', '60');
  await page.getByTestId('rollout-run').click();
  await expect(page.getByTestId('rollout-label')).toContainText(`from row 60 (${dateOf(60)})`);
  await expect(page.getByTestId('rollout-start-off-chart')).toHaveText(`The rollout starts at row 60 (${dateOf(60)}), before the test period shown here.`);
  await expect(page.getByTestId('rollout-range')).toContainText('to 140');
  // Inside the test period the marker sits on the picked point: nothing to explain.
  await fill(page, 'rollout-at', '135');
  await page.getByTestId('rollout-run').click();
  await expect(page.getByTestId('rollout-label')).toContainText(`from row 135 (${dateOf(135)})`);
  await expect(page.getByTestId('rollout-start-off-chart')).toHaveCount(0);

  await fill(page, 'rollout-at', '100');
  await page.getByTestId('rollout-run').click();
  await expect(page.getByTestId('rollout-note')).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 720 });
  await shot(page, '32-playground-dropped-rows-1280x720');
  // The "From row" card itself, as it sits in a 1280×720 window.
  await page.getByTestId('rollout-range').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOT_DIR, '33-playground-from-row-dropped-1280x720.png') });
  expect(pageErrors).toEqual([]);
});
