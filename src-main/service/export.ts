/**
 * export.* — a run's model in tfjs, Keras or ONNX format, and its test forecast as CSV. `export.model`
 * and `export.predictions` write into the run's own `export/` folder (both hosts); the `…To` variants
 * take a path the desktop's native dialog gave and are not offered by the browser host.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { apiError } from '../common/contract';
import { exportModel, ExportRefusedError, runExportDir as formatExportDir, UnsupportedModelError, type ExportFormat } from '../engine/exporters';
import { EXPORT_DIR, MODEL_DIR, readAppVersion, writeFileAtomic } from '../engine/run';
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

  /** The files of the run's saved model; refused when it has none yet. */
  async function savedModelFiles(runId: string): Promise<string[]> {
    const names = (await readdir(join(ctx.store().dirOf(runId), MODEL_DIR)).catch(() => [] as string[])).filter((name) => !name.startsWith('.'));
    if (!names.includes('model.json')) {
      throw apiError('not_found', `run ${runId} has no saved model yet (it is saved after the first epoch that improves validation loss)`, 'runId');
    }
    return names;
  }

  async function copyModel(runId: string, target: string, where: string) {
    const store = ctx.store();
    await store.get(runId);
    const source = join(store.dirOf(runId), MODEL_DIR);
    const names = await savedModelFiles(runId);
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

  /** Keras/ONNX: the model file and the Python kit, written by the engine's exporter into `target`. */
  async function exportInFormat(runId: string, format: Exclude<ExportFormat, 'tfjs'>, target: string, where: string) {
    const store = ctx.store();
    const record = await store.get(runId);
    await savedModelFiles(runId);
    await ctx.backend;
    try {
      const files = await exportModel(format, { modelDir: join(store.dirOf(runId), MODEL_DIR), config: record.config, appVersion: readAppVersion() }, target);
      return { dir: target, files };
    } catch (err) {
      if (err instanceof ExportRefusedError) throw apiError('not_found', err.message, 'runId');
      if (err instanceof UnsupportedModelError) throw apiError('bad_input', err.message, where === 'runId' ? 'format' : where);
      throw err;
    }
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
    'export.model': async ({ runId, format }) => {
      const exportDir = await runExportDir(runId);
      if (format === 'tfjs') return copyModel(runId, join(exportDir, MODEL_DIR), 'runId');
      // The run's own export/<format> is ours: a new export replaces the previous one.
      return exportInFormat(runId, format, formatExportDir(ctx.store().dirOf(runId), format), 'runId');
    },
    'export.modelTo': async ({ runId, format, dir }) => {
      if (format === 'tfjs') return copyModel(runId, resolve(dir), 'dir');
      // A folder the user chose gets a new subfolder, never a replaced one.
      const chosen = await exportFolder(resolve(dir), 'dir');
      const target = join(chosen, `${runId}-${format}`);
      if (existsSync(target)) throw apiError('bad_input', `${target} already exists; choose another folder or remove it`, 'dir');
      return exportInFormat(runId, format, target, 'dir');
    },
    'export.predictions': async ({ runId }) => writeCsv(runId, join(await runExportDir(runId), 'predictions.csv'), 'runId'),
    'export.predictionsTo': async ({ runId, path }) => {
      await ctx.store().get(runId);
      return writeCsv(runId, resolve(path), 'path');
    },
  };
}
