import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, SAMPLE_CSV, tempDir, TINY } from './harness';

// A real run trained by the CLI in its worker, then forecast past the data and backtested from it.
const TIMEOUT = 600_000;

let dir: { path: string; remove: () => Promise<void> };
const runDir = (): string => join(dir.path, 'run');

beforeAll(async () => {
  dir = await tempDir('cli-forecast');
  // Month covariates asked for explicitly: the suggested config drops them after its seasonal difference.
  const config = join(dir.path, 'calendar.json');
  await writeFile(config, JSON.stringify({ series: { calendar: ['month'] } }));
  const trained = await cli(['train', '--data', SAMPLE_CSV, ...TINY, '--config', config, '--out', runDir()]);
  if (trained.code !== 0) throw new Error(`training failed: ${trained.stderr}`);
}, TIMEOUT);
afterAll(async () => {
  await dir.remove();
});

describe('rnn-studio forecast', () => {
  it(
    'writes N months after the data with nested 80% and 95% intervals, using the file the run was trained on',
    async () => {
      const out = join(dir.path, 'forecast.csv');
      const result = await cli(['forecast', '--model', runDir(), '--steps', '18', '--out', out]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/wrote 18 forecast step\(s\) of Passengers from 1961-01/);
      expect(result.stderr).toMatch(/intervals: errors of \d+ rollouts/);
      expect(result.stderr).toMatch(/month:sin: from the future dates/);
      const lines = (await readFile(out, 'utf8')).trim().split('\n');
      expect(lines[0]).toBe('x,step,predicted_Passengers,lower_80,upper_80,lower_95,upper_95');
      expect(lines).toHaveLength(19);
      const rows = lines.slice(1).map((l) => l.split(','));
      expect(rows.map((r) => r[0].slice(0, 7))).toEqual(Array.from({ length: 18 }, (_, i) => new Date(Date.UTC(1961, i, 1)).toISOString().slice(0, 7)));
      for (const r of rows) {
        const [p, lo80, hi80, lo95, hi95] = r.slice(2).map(Number);
        expect(Number.isFinite(p)).toBe(true);
        expect(lo95).toBeLessThanOrEqual(lo80);
        expect(lo80).toBeLessThanOrEqual(p);
        expect(p).toBeLessThanOrEqual(hi80);
        expect(hi80).toBeLessThanOrEqual(hi95);
      }
    },
    TIMEOUT,
  );

  it('explains a missing --steps and a bad --future file', async () => {
    const noSteps = await cli(['forecast', '--model', runDir(), '--out', join(dir.path, 'x.csv')]);
    expect(noSteps.code).toBe(2);
    expect(noSteps.stderr).toMatch(/--steps is required/);
    const future = join(dir.path, 'future.csv');
    await writeFile(future, 'Month,Other\n1961-01,1\n');
    const bad = await cli(['forecast', '--model', runDir(), '--steps', '2', '--future', future, '--out', join(dir.path, 'y.csv')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/future\.csv: the model has no feature columns to supply future values for\. Forecast without a future-values file/);
  }, TIMEOUT);
});

describe('rnn-studio forecast with features known in advance', () => {
  const ELEC = join(__dirname, '..', '..', '..', 'bench', 'forecast', 'data', 'elecdaily.csv');
  const knownRun = (): string => join(dir.path, 'run-known');
  const steps = 3;
  /** Future rows after 2014-12-31: a working day at 30 °C, then a holiday at 15 °C, … */
  const futureCsv = (rows: number, columns = 'Date,WorkDay,Temperature'): string =>
    [columns, ...Array.from({ length: rows }, (_, i) => [`2015-01-0${i + 1}`, i % 2, 30 - 15 * (i % 2)].slice(0, columns.split(',').length).join(','))].join('\n') + '\n';
  const predictedOf = async (file: string): Promise<number[]> =>
    (await readFile(file, 'utf8')).trim().split('\n').slice(1).map((l) => Number(l.split(',')[2]));

  // With the linear shortcut (from a config file): forecasting and backtesting such a run go through its linear term too.
  beforeAll(async () => {
    const config = join(dir.path, 'shortcut.json');
    await writeFile(config, JSON.stringify({ model: { linearShortcut: true } }));
    const trained = await cli(['train', '--data', ELEC, '--target', 'Demand', '--date', 'Date', '--known', 'WorkDay,Temperature', '--horizon', '2', '--layers', '4', '--epochs', '2', '--lookback', '7', '--batch', '32', '--seed', '7', '--config', config, '--out', knownRun()]);
    if (trained.code !== 0) throw new Error(`training failed: ${trained.stderr}`);
    const record = JSON.parse(await readFile(join(knownRun(), 'run.json'), 'utf8')) as { config: { model: { linearShortcut?: boolean } } };
    if (record.config.model.linearShortcut !== true) throw new Error('the run did not record model.linearShortcut');
  }, TIMEOUT);

  it(
    'says how known-in-advance features are held without a file, uses the supplied values with one, and backtests on actual future values',
    async () => {
      const held = join(dir.path, 'held.csv');
      const without = await cli(['forecast', '--model', knownRun(), '--steps', String(steps), '--out', held]);
      expect(without.code, without.stderr).toBe(0);
      expect(without.stderr).toMatch(/WorkDay: held at its last known value \(known in advance: supply its future values/);
      expect(without.stderr).toMatch(/Temperature: held at its last known value \(known in advance/);

      const future = join(dir.path, 'future-ok.csv');
      // steps + horizon − 1 rows: the model reads the known features one step further than it forecasts.
      await writeFile(future, futureCsv(steps + 1));
      const supplied = join(dir.path, 'supplied.csv');
      const withFile = await cli(['forecast', '--model', knownRun(), '--steps', String(steps), '--future', future, '--out', supplied]);
      expect(withFile.code, withFile.stderr).toBe(0);
      expect(withFile.stderr).toMatch(/WorkDay: supplied \(known in advance\); Temperature: supplied \(known in advance\)/);
      const a = await predictedOf(held);
      const b = await predictedOf(supplied);
      expect(a).toHaveLength(steps);
      expect(b.every(Number.isFinite)).toBe(true);
      expect(b).not.toEqual(a);

      const backtest = await cli(['backtest', '--model', knownRun(), '--horizon', '2']);
      expect(backtest.code, backtest.stderr).toBe(0);
      expect(backtest.stdout).toMatch(/actual future values of WorkDay, Temperature at the forecast rows \(known in advance\)/);
    },
    TIMEOUT,
  );

  it('refuses a future file without a known column or with too few rows, saying what, where and how to fix it', async () => {
    const noColumn = join(dir.path, 'future-no-temp.csv');
    await writeFile(noColumn, futureCsv(steps + 1, 'Date,WorkDay'));
    const missing = await cli(['forecast', '--model', knownRun(), '--steps', String(steps), '--future', noColumn, '--out', join(dir.path, 'never.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/future-no-temp\.csv, column 'Temperature': there is no column 'Temperature', which the model knows in advance and reads at the forecast rows\. Add that column with one row per future step from the row after the data's last \(2014-12-31\)/);

    const short = join(dir.path, 'future-short.csv');
    await writeFile(short, futureCsv(2));
    const tooShort = await cli(['forecast', '--model', knownRun(), '--steps', String(steps), '--future', short, '--out', join(dir.path, 'never.csv')]);
    expect(tooShort.code).toBe(2);
    expect(tooShort.stderr).toMatch(/future-short\.csv, column 'WorkDay': the file has 2 row\(s\) of 'WorkDay' but the forecast needs 4 \(3 forecast step\(s\) plus 1 more.*\)\. Give one row per future step from the row after the data's last \(2014-12-31\), or forecast fewer steps/);
  }, TIMEOUT);
});

describe('rnn-studio backtest', () => {
  it(
    'reports errors per horizon step against both baselines and interval coverage, and writes them as CSV',
    async () => {
      const out = join(dir.path, 'backtest.csv');
      const result = await cli(['backtest', '--model', runDir(), '--horizon', '3', '--out', out]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/backtest of Passengers: \d+ origins .*3 step\(s\) ahead/);
      expect(result.stdout).toMatch(/^ {3}3 /m);
      expect(result.stdout).toMatch(/80% interval coverage: [\d.]+% of \d+ errors/);
      expect(result.stdout).toMatch(/95% interval coverage: [\d.]+% of \d+ errors/);
      const lines = (await readFile(out, 'utf8')).trim().split('\n');
      expect(lines[0]).toBe('step,count,mae_model,mae_naive,mae_seasonal_naive,rmse_model,rmse_naive,rmse_seasonal_naive,mape_model,mape_naive,mape_seasonal_naive');
      expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['1', '2', '3']);
      for (const line of lines.slice(1)) expect(line.split(',').slice(2).every((c) => Number.isFinite(Number(c)) && c !== '')).toBe(true);

      const json = await cli(['backtest', '--model', runDir(), '--horizon', '2', '--step', '3', '--origins', '4', '--json']);
      expect(json.code, json.stderr).toBe(0);
      const parsed = JSON.parse(json.stdout) as { origins: string[]; perStep: { count: number }[]; step: number };
      expect(parsed.origins).toHaveLength(4);
      expect(parsed.step).toBe(3);
      expect(parsed.perStep.map((s) => s.count)).toEqual([4, 4]);
    },
    TIMEOUT,
  );

  it('refuses a horizon no origin can reach', async () => {
    const result = await cli(['backtest', '--model', runDir(), '--horizon', '400']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no backtest origin leaves 400 actual rows/);
  }, TIMEOUT);
});
