import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTableFile } from '../../engine/data';
import { forecastAhead } from '../../engine/forecast-ahead';
import { forecastCsv } from '../../engine/forecast-csv';
import { futureFeaturesFromTable } from '../../engine/future-features';
import { writeFileAtomic } from '../../engine/run';
import { badInput, EXIT_OK } from '../cli-error';
import type { CliIo } from '../io';
import { loadRunModel } from '../load-run-model';

function parseSteps(text: string | undefined): number {
  if (text === undefined) throw badInput('--steps is required: how many rows past the end of the data to forecast');
  const steps = Number(text);
  if (!Number.isInteger(steps) || steps < 1 || steps > 10_000) throw badInput(`--steps must be a whole number from 1 to 10000 (got '${text}')`);
  return steps;
}

export async function forecastCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { model: { type: 'string' }, data: { type: 'string' }, future: { type: 'string' }, steps: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  const steps = parseSteps(values.steps);
  if (!values.out) throw badInput('--out is required: the CSV file to write');
  const run = await loadRunModel(values.model, values.data, io);
  try {
    // A DataError names the file, the column and the fix; the CLI reports it as bad input (exit 2).
    const future = values.future ? futureFeaturesFromTable(await loadTableFile(resolve(values.future)), run.prepared, steps) : {};
    const forecast = forecastAhead(run.model, run.prepared, { steps, season: run.season, future });
    const out = resolve(values.out);
    await writeFileAtomic(out, forecastCsv(forecast));
    if (values.json) io.stdout.write(JSON.stringify({ out, ...forecast }) + '\n');
    io.stderr.write(`wrote ${steps} forecast step(s) of ${forecast.target} from ${forecast.x[0]} to ${out}\n`);
    io.stderr.write(`intervals: ${forecast.intervalSource}\nfeatures after the data: ${forecast.features}\n`);
  } finally {
    run.model.dispose();
  }
  return EXIT_OK;
}
