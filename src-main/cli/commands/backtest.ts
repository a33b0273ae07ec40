import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backtest, type BacktestResult } from '../../engine/backtest';
import { backtestCsv } from '../../engine/forecast-csv';
import { writeFileAtomic } from '../../engine/run';
import { badInput, EXIT_OK } from '../cli-error';
import type { CliIo } from '../io';
import { loadRunModel } from '../load-run-model';

function wholeNumber(flag: string, text: string | undefined, fallback: number | undefined): number | undefined {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw badInput(`--${flag} must be a positive whole number (got '${text}')`);
  return value;
}

export function backtestTable(result: BacktestResult): string {
  const f = (v: number): string => (Number.isFinite(v) ? v.toPrecision(4) : '—');
  const lines = [
    `backtest of ${result.target}: ${result.origins.length} origins (${result.origins[0]} … ${result.origins[result.origins.length - 1]}, every ${result.step} row(s)), ${result.horizon} step(s) ahead; features: ${result.features}`,
    'step  count  MAE model  MAE naive  MAE s-naive  MAPE% model  MAPE% naive  MAPE% s-naive',
  ];
  for (const s of result.perStep) {
    lines.push(
      `${String(s.step).padStart(4)}  ${String(s.count).padStart(5)}  ${f(s.model.mae).padStart(9)}  ${f(s.naive.mae).padStart(9)}  ${f(s.seasonalNaive.mae).padStart(11)}  ${f(s.model.mape).padStart(11)}  ${f(s.naive.mape).padStart(11)}  ${f(s.seasonalNaive.mape).padStart(13)}`,
    );
  }
  for (const i of result.intervals) {
    const share = Number.isFinite(i.coverage) ? `${(100 * i.coverage).toFixed(1)}%` : 'not measurable (too few origins)';
    lines.push(`${Math.round(i.level * 100)}% interval coverage: ${share} of ${i.checked} errors from the later half of the origins (widths from the earlier half)`);
  }
  return lines.join('\n') + '\n';
}

export async function backtestCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      data: { type: 'string' },
      horizon: { type: 'string' },
      step: { type: 'string' },
      origins: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    },
    strict: true,
  });
  const horizon = wholeNumber('horizon', values.horizon, undefined);
  const step = wholeNumber('step', values.step, 1);
  const origins = wholeNumber('origins', values.origins, undefined);
  const run = await loadRunModel(values.model, values.data, io);
  try {
    let result: BacktestResult;
    try {
      result = backtest(run.model, run.prepared, { horizon: horizon ?? Math.max(run.prepared.window.horizon, 1), step, origins, season: run.season });
    } catch (err) {
      // What backtest refuses is a choice of horizon, step or origins: the user's to change.
      throw badInput(err instanceof Error ? err.message : String(err));
    }
    if (values.out) await writeFileAtomic(resolve(values.out), backtestCsv(result));
    if (values.json) io.stdout.write(JSON.stringify({ ...result, residuals: undefined }) + '\n');
    else io.stdout.write(backtestTable(result));
  } finally {
    run.model.dispose();
  }
  return EXIT_OK;
}
