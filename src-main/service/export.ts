/**
 * export.* — copy a run's model out, and write its test forecast as CSV. `export.model` and
 * `export.predictions` write into the run's own `export/` folder (both hosts); the `…To` variants
 * take a path the desktop's native dialog gave and are not offered by the browser host.
 */
import { readFile, readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { apiError } from '../common/contract';
import { EXPORT_DIR, MODEL_DIR, writeFileAtomic } from '../engine/run';
import { forecastSplit } from '../engine/predict';
import type { ServiceContext } from './context';
import { assertModelJsonReplaceable, assertParentFolder, assertReplaceableFile, exportFolder } from './export-target';
import type { Handlers } from './handler-table';
import { forecastToCsv } from './predictions-csv';
import { asBadInput, withRunModel } from './run-model';

type ExportMethods = 'export.model' | 'export.predictions' | 'export.modelTo' | 'export.predictionsTo';

export function exportHandlers(ctx: ServiceContext): Handlers<ExportMethods> {
  const runExportDir = async (runId: string): Promise<string> => {
    await ctx.store().get(runId);
    return exportFolder(join(ctx.store().dirOf(runId), EXPORT_DIR), 'runId');
  };

  async function copyModel(runId: string, target: string, where: string) {
    const store = ctx.store();
    await store.get(runId);
    const source = join(store.dirOf(runId), MODEL_DIR);
    const names = (await readdir(source).catch(() => [] as string[])).filter((name) => !name.startsWith('.'));
    if (!names.includes('model.json')) {
      throw apiError('not_found', `run ${runId} has no saved model yet (it is saved after the first epoch that improves validation loss)`, 'runId');
    }
    const absolute = resolve(target);
    // A run's own model folder (this run's or another's) is the checkpoint the worker swaps: never an export target.
    if (basename(absolute) === MODEL_DIR && dirname(dirname(absolute)) === store.root) {
      throw apiError('bad_input', 'the export folder is a run’s own model folder; choose another folder', where);
    }
    await exportFolder(absolute, where);
    for (const name of names) {
      const to = join(absolute, name);
      if (name === 'model.json') await assertModelJsonReplaceable(to, where);
      else await assertReplaceableFile(to, where);
    }
    for (const name of names) await writeFileAtomic(join(absolute, name), await readFile(join(source, name)));
    return { dir: absolute, files: names.map((name) => join(absolute, name)) };
  }

  async function predictionsCsv(runId: string): Promise<string> {
    const forecast = await withRunModel(ctx, runId, ({ model, prepared, season }) =>
      asBadInput('runId', () => forecastSplit(model, prepared, 'test', { runId, season })),
    );
    return forecastToCsv(forecast);
  }

  /** The target is checked before the forecast is computed (a refusal should not cost a model load) and again just before writing. */
  async function writeCsv(runId: string, target: string, where: string): Promise<{ path: string; csv: string }> {
    const check = async (): Promise<void> => {
      await assertParentFolder(target, where);
      await assertReplaceableFile(target, where);
    };
    await check();
    const csv = await predictionsCsv(runId);
    await check();
    await writeFileAtomic(target, csv);
    return { path: target, csv };
  }

  return {
    'export.model': async ({ runId }) => copyModel(runId, join(await runExportDir(runId), MODEL_DIR), 'runId'),
    'export.modelTo': async ({ runId, dir }) => copyModel(runId, resolve(dir), 'dir'),
    'export.predictions': async ({ runId }) => writeCsv(runId, join(await runExportDir(runId), 'predictions.csv'), 'runId'),
    'export.predictionsTo': async ({ runId, path }) => {
      await ctx.store().get(runId);
      return writeCsv(runId, resolve(path), 'path');
    },
  };
}
