/** runs.* — the run list, one run's record and events, edits, deletion, re-running and the runs folder. */
import { readdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { apiError } from '../common/contract';
import { makeDirs, RunStore, TRASH_DIR, type RunListingResult } from '../engine/run';
import { TrainingEvent } from '../engine/spec';
import type { ServiceContext } from './context';
import type { Handlers } from './handler-table';
import { saveRunsDir } from './settings';

type RunMethods = 'runs.list' | 'runs.get' | 'runs.events' | 'runs.update' | 'runs.delete' | 'runs.rerun' | 'runs.setDir';

export function runHandlers(ctx: ServiceContext): Handlers<RunMethods> {
  return {
    'runs.list': async () => ctx.store().list(),
    'runs.get': async ({ runId }) => ctx.store().get(runId),

    'runs.events': async ({ runId, maxBatchPoints }) => {
      const { events, totalBatches } = await ctx.store().readEvents(runId, { maxBatchPoints });
      // A diverged run logs NaN losses, which JSON turns into null: such lines are left out rather
      // than failing the whole request (the run's message and status already explain it).
      return { events: events.filter((event) => TrainingEvent.safeParse(event).success), totalBatches };
    },

    'runs.update': async ({ runId, name, tags, notes }) => {
      const record = await ctx.store().update(runId, { name, tags, notes });
      ctx.emit('runs.changed', { runId });
      return record;
    },

    'runs.delete': async ({ runId }) => {
      if (ctx.jobs.isActive(runId)) throw apiError('conflict', `run ${runId} is still training or queued; stop it before deleting it`, 'runId');
      await ctx.store().delete(runId, { trash: ctx.options.trash });
      ctx.models.evict(runId);
      ctx.emit('runs.changed', { runId });
      return { ok: true as const };
    },

    'runs.rerun': async ({ runId }) => {
      const record = await ctx.store().get(runId);
      if (!record.data.path) {
        throw apiError('bad_input', `run ${runId} does not record which file it was trained on, so it cannot be re-run; open the file and train again`, 'data.path');
      }
      const dataset = await ctx.datasets.openForRun(record.data.path, record.data.sha256);
      const started = await ctx.jobs.start(dataset, record.config, { name: `${record.name} (re-run)`.slice(0, 200) });
      return { runId: started.runId };
    },

    'runs.setDir': async ({ dir }) => {
      const active = ctx.jobs.count();
      if (active > 0) throw apiError('conflict', `${active} training job(s) still write to the current runs folder; stop them before switching`, 'dir');
      const root = resolve(dir);
      const listing = await openRunsFolder(root, ctx.store().root);
      const store = new RunStore(root);
      // Saved before switching, so a failure leaves both the service and the saved choice unchanged.
      await saveRunsDir(ctx.options.dataDir, root).catch((err: unknown) => {
        throw apiError('internal', `could not remember the runs folder in ${ctx.options.dataDir} (${err instanceof Error ? err.message : String(err)}); the runs folder was not changed`, 'dir');
      });
      ctx.setStore(store);
      ctx.models.clear();
      ctx.emit('runs.changed', {});
      return listing;
    },
  };
}

/**
 * Checks a folder the page named as the runs folder and lists its runs. It must be a folder that is
 * empty or already holds runs (so the API cannot be used to list arbitrary folders), or a missing
 * folder whose parent exists (it is then created; nothing else is). The current folder is always fine.
 */
export async function openRunsFolder(root: string, current: string): Promise<RunListingResult> {
  const info = await stat(root).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw apiError('bad_input', `cannot use ${root} as the runs folder (${err.code ?? err.message})`, 'dir');
  });
  if (info === null) {
    await makeDirs(root, { parents: false, what: 'runs folder' }).catch((err: unknown) => {
      throw apiError('bad_input', err instanceof Error ? err.message : String(err), 'dir');
    });
    return { runs: [], skipped: [] };
  }
  if (!info.isDirectory()) throw apiError('bad_input', `${root} is a file, not a folder; choose a folder for the runs`, 'dir');
  const entries = (await readdir(root)).filter((name) => name !== TRASH_DIR);
  const listing = await new RunStore(root).list();
  if (root !== current && entries.length > 0 && listing.runs.length === 0) {
    throw apiError(
      'bad_input',
      `${root} is not empty and holds no runs, so it is not used as the runs folder (and its contents are not listed); choose an empty folder, a folder of runs, or a new folder name`,
      'dir',
    );
  }
  return listing;
}
