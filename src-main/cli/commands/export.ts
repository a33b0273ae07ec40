import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../../engine/backend';
import { EXPORT_FORMATS, exportModel, ExportRefusedError, UnsupportedModelError, type ExportFormat } from '../../engine/exporters';
import { MODEL_DIR, readAppVersion, readRecord } from '../../engine/run';
import { badInput, EXIT_OK } from '../cli-error';
import type { CliIo } from '../io';
import { defaultRunsDir } from './runs';

export const EXPORT_USAGE = 'rnn-studio export --model RUN --format tfjs|keras|onnx --out DIR';

/** A run folder, or the id of a run in the default runs folder. */
function runFolder(given: string): string {
  const direct = resolve(given);
  if (existsSync(direct)) return direct;
  const byId = join(defaultRunsDir(), given);
  if (!given.includes('/') && existsSync(byId)) return byId;
  throw badInput(`--model: there is no run folder ${direct}${given.includes('/') ? '' : ` and no run '${given}' in ${defaultRunsDir()}`}`);
}

export async function exportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { model: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } }, strict: true });
  if (!values.model) throw badInput(`--model is required: a run folder (the one \`train --out\` wrote) or a run id\nusage: ${EXPORT_USAGE}`);
  if (!values.format || !(EXPORT_FORMATS as readonly string[]).includes(values.format)) {
    throw badInput(`--format must be one of ${EXPORT_FORMATS.join(', ')}${values.format ? ` (got '${values.format}')` : ''}\nusage: ${EXPORT_USAGE}`);
  }
  if (!values.out) throw badInput(`--out is required: a new folder to write the export into\nusage: ${EXPORT_USAGE}`);
  const out = resolve(values.out);
  if (existsSync(out)) throw badInput(`--out: ${out} already exists; choose a new folder (an export never overwrites files)`);
  const runDir = runFolder(values.model);
  const record = await readRecord(runDir);
  await initBackend();
  const format = values.format as ExportFormat;
  try {
    const files = await exportModel(format, { modelDir: join(runDir, MODEL_DIR), config: record.config, appVersion: readAppVersion() }, out);
    io.stderr.write(`exported run ${record.id} as ${format} to ${out}:\n`);
    for (const file of files) io.stdout.write(`${file}\n`);
  } catch (err) {
    if (err instanceof ExportRefusedError || err instanceof UnsupportedModelError) throw badInput(`cannot export run ${record.id}: ${err.message}`);
    throw err;
  }
  return EXIT_OK;
}
