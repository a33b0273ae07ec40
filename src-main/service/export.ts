/** export.* — a run's model in tfjs, Keras or ONNX format, and its test forecast as CSV. */
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { apiError } from '../common/contract';
import { exportModel, ExportRefusedError, runExportDir, UnsupportedModelError } from '../engine/exporters';
import { EXPORT_DIR, MODEL_DIR, readAppVersion, writeFileAtomic } from '../engine/run';
import { forecastSplit } from '../engine/predict';
import type { ServiceContext } from './context';
import type { Handlers } from './handler-table';
import { forecastToCsv } from './predictions-csv';
import { asBadInput, withRunModel } from './run-model';

type ExportMethods = 'export.model' | 'export.predictions';

export function exportHandlers(ctx: ServiceContext): Handlers<ExportMethods> {
  return {
    'export.model': async ({ runId, format, dir }) => {
      const store = ctx.store();
      const record = await store.get(runId);
      const source = join(store.dirOf(runId), MODEL_DIR);
      if (!(await stat(join(source, 'model.json')).catch(() => undefined))) {
        throw apiError('not_found', `run ${runId} has no saved model yet (it is saved after the first epoch that improves validation loss)`, 'runId');
      }
      if (format !== 'tfjs') {
        // A chosen folder gets a new subfolder (never replaced); the run's own export/<format> is replaced.
        const target = dir ? join(resolve(dir), `${runId}-${format}`) : runExportDir(store.dirOf(runId), format);
        if (dir && existsSync(target)) throw apiError('bad_input', `${target} already exists; choose another folder or remove it`, 'dir');
        await ctx.backend;
        try {
          const files = await exportModel(format, { modelDir: source, config: record.config, appVersion: readAppVersion() }, target);
          return { dir: target, files };
        } catch (err) {
          if (err instanceof ExportRefusedError) throw apiError('not_found', err.message, 'runId');
          if (err instanceof UnsupportedModelError) throw apiError('bad_input', err.message, 'format');
          throw err;
        }
      }
      const target = dir ? resolve(dir) : runExportDir(store.dirOf(runId), 'tfjs');
      if (target === source) throw apiError('bad_input', 'the export folder is the run’s own model folder; choose another folder', 'dir');
      await mkdir(target, { recursive: true });
      await cp(source, target, { recursive: true, force: true });
      const names = (await readdir(source)).filter((name) => !name.startsWith('.'));
      return { dir: target, files: names.map((name) => join(target, name)) };
    },

    'export.predictions': async ({ runId, path }) => {
      const forecast = await withRunModel(ctx, runId, ({ model, prepared, season }) =>
        asBadInput('runId', () => forecastSplit(model, prepared, 'test', { runId, season })),
      );
      const csv = forecastToCsv(forecast);
      const target = path ? resolve(path) : join(ctx.store().dirOf(runId), EXPORT_DIR, 'predictions.csv');
      await mkdir(dirname(target), { recursive: true });
      await writeFileAtomic(target, csv);
      return { path: target, csv };
    },
  };
}
