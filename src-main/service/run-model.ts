/**
 * A trained run made ready to predict: its best model (cached), and its data re-prepared with the
 * preprocessing fitted during training (no refit), from the very file it was trained on.
 */
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { apiError, StudioError } from '../common/contract';
import { preparedFromRecord, type PreparedSeries, type PreprocessingRecord, type Table } from '../engine/data';
import { MODEL_DIR } from '../engine/run';
import type { RunRecord } from '../engine/spec';
import type { ServiceContext } from './context';

export interface RunModel {
  record: RunRecord;
  model: tf.LayersModel;
  prepared: PreparedSeries;
  /** The season the run's summary used, so baselines here match the summary's. */
  season?: number;
}

/**
 * A run's data re-prepared once per loaded model and table, not per request: a what-if edit or a
 * rollout on a large file would otherwise redo the whole preparation each time. Weak keys: a reloaded
 * model (new record object) or a closed dataset drops its entry.
 */
const preparedCache = new WeakMap<PreprocessingRecord, WeakMap<Table, PreparedSeries>>();
function preparedFor(preprocessing: PreprocessingRecord, table: Table): PreparedSeries {
  let byTable = preparedCache.get(preprocessing);
  if (!byTable) preparedCache.set(preprocessing, (byTable = new WeakMap()));
  let prepared = byTable.get(table);
  if (!prepared) byTable.set(table, (prepared = preparedFromRecord(preprocessing, table)));
  return prepared;
}

/** Runs `use` with the run's model and re-prepared data; the model is not disposed while `use` runs. */
export async function withRunModel<T>(ctx: ServiceContext, runId: string, use: (run: RunModel) => T): Promise<T> {
  await ctx.backend;
  const store = ctx.store();
  const record = await store.get(runId);
  if (!record.data.path) throw apiError('bad_input', `run ${runId} does not record its data file, so its data cannot be re-prepared`, 'data.path');
  const dataset = await ctx.datasets.openForRun(record.data.path, record.data.sha256);
  return ctx.models.with(runId, join(store.dirOf(runId), MODEL_DIR), ({ model, preprocessing }) =>
    use({ record, model, prepared: preparedFor(preprocessing, dataset.table), season: record.summary?.season ?? record.config.series.season }),
  );
}

/** The engine's prediction functions throw plain Errors for out-of-range requests: those are the caller's to fix. */
export function asBadInput<T>(where: string, compute: () => T): T {
  try {
    return compute();
  } catch (err) {
    if (err instanceof StudioError || (err instanceof Error && err.name !== 'Error')) throw err;
    throw apiError('bad_input', err instanceof Error ? err.message : String(err), where);
  }
}
