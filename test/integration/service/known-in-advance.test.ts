/**
 * Features known in advance through the app's API: elecdaily (Demand, with WorkDay and Temperature
 * marked known in advance) trained by a real worker, then forecast past the data without and with a
 * future-values upload, as the Playground's Forecast panel sends it, and the upload's errors. The
 * model has the linear shortcut (the Model view's switch), so the Playground's rollouts, forecasts and
 * backtests run through its linear term.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { callError, startHarness, waitForDone, type Harness } from './service-harness';

const ELEC = join(__dirname, '..', '..', '..', 'bench', 'forecast', 'data', 'elecdaily.csv');
let h: Harness;
let runId: string;

beforeAll(async () => {
  await initBackend();
  h = await startHarness();
  const summary = await h.api.call('datasets.upload', { name: 'elecdaily.csv', base64: readFileSync(ELEC).toString('base64') });
  const done = waitForDone(h.api, () => runId);
  runId = (
    await h.api.call('jobs.start', {
      datasetId: summary.id,
      config: {
        series: { target: ['Demand'], features: ['WorkDay', 'Temperature'], knownInAdvance: ['WorkDay', 'Temperature'], date: 'Date', calendar: ['dayOfWeek'] },
        window: { lookback: 7, horizon: 1 },
        model: { cell: 'gru', layers: [{ units: 6 }], linearShortcut: true },
        train: { epochs: 2, batchSize: 32, seed: 7, optimizer: { kind: 'adam', lr: 0.01 }, earlyStopping: null },
      },
    })
  ).runId;
  const last = await done;
  if (last.status !== 'completed' && last.status !== 'no_improvement') throw new Error(`the fixture run ended ${last.status}`);
}, 600_000);
afterAll(async () => h?.close());

const future = (rows: number, header = 'Date,WorkDay,Temperature'): { name: string; text: string } => ({
  name: 'next-days.csv',
  text: [header, ...Array.from({ length: rows }, (_, i) => `2015-01-0${i + 1},${i % 2},${35 - 10 * (i % 2)}`)].join('\n') + '\n',
});

describe('predict.ahead with features known in advance', () => {
  it('records the features as known in advance, says how they are held without an upload, and uses an upload', async () => {
    const record = await h.api.call('runs.get', { runId });
    expect(record.config.series.knownInAdvance).toEqual(['WorkDay', 'Temperature']);
    expect(record.config.model.linearShortcut).toBe(true);

    const held = await h.api.call('predict.ahead', { runId, steps: 3 });
    expect(held.features).toMatch(/WorkDay: held at its last known value \(known in advance: supply its future values/);
    expect(held.features).toMatch(/dayOfWeek:sin: from the future dates/);

    const supplied = await h.api.call('predict.ahead', { runId, steps: 3, future: future(3) });
    expect(supplied.features).toMatch(/WorkDay: supplied \(known in advance\); Temperature: supplied \(known in advance\)/);
    expect(supplied.x.map(String)).toEqual(held.x.map(String));
    expect(supplied.predicted).not.toEqual(held.predicted);

    const rolled = await h.api.call('predict.rollout', { runId, at: 300, steps: 5 });
    expect(rolled.features).toMatch(/WorkDay: actual values of the forecast rows \(known in advance: actual future values\)/);
    expect(rolled.predicted.flat().every(Number.isFinite)).toBe(true);

    const checked = await h.api.call('predict.backtest', { runId, horizon: 2 });
    expect(checked.perStep).toHaveLength(2);
    expect(checked.perStep.every((step) => Number.isFinite(step.model.mae))).toBe(true);
  }, 300_000);

  it('answers bad_input at "future" for an upload without a known column or with too few rows', async () => {
    const noColumn = await callError(h.api.call('predict.ahead', { runId, steps: 3, future: future(3, 'Date,WorkDay') }));
    expect(noColumn.code).toBe('bad_input');
    expect(noColumn.message).toMatch(/next-days\.csv, column 'Temperature': there is no column 'Temperature', which the model knows in advance/);
    const short = await callError(h.api.call('predict.ahead', { runId, steps: 5, future: future(3) }));
    expect(short.code).toBe('bad_input');
    expect(short.message).toMatch(/the file has 3 row\(s\) of 'WorkDay' but the forecast needs 5/);
  }, 300_000);
});
