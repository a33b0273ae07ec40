/** sweeps.* — grid or seeded random search over cell, units, layers, lookback, lr and dropout. */
import { apiError, type SweepState } from '../common/contract';
import { checkRunConfig } from './config';
import type { ServiceContext } from './context';
import type { Handlers } from './handler-table';
import { groupNotFound, newGroupId, RunGroup } from './run-group';
import { planSweep } from './sweep-plan';
import { bestRunOf, isFinishedStatus } from '../engine/spec';

type SweepMethods = 'sweeps.start' | 'sweeps.get' | 'sweeps.cancel';

export function sweepHandlers(ctx: ServiceContext): Handlers<SweepMethods> {
  return {
    'sweeps.start': async ({ datasetId, config, sweep }) => {
      const dataset = ctx.datasets.get(datasetId);
      const trials = planSweep(config, sweep).map((trial) => ({ config: trial.config, name: trial.config.name }));
      // A trial whose lookback does not fit the data would only fail later in its worker: say so now.
      for (const trial of trials) {
        const problems = checkRunConfig(dataset.table, trial.config);
        if (problems.length) throw apiError('bad_input', `sweep trial ${trial.name ?? ''}: ${problems[0].path}: ${problems[0].message}`, problems[0].path);
      }
      // The sweep's own cap on trials in flight; the job queue caps all workers together.
      const concurrency = Math.max(1, Math.min(sweep.concurrency, ctx.jobs.maxWorkers));
      const group = new RunGroup(newGroupId('sweep'), 'sweep', trials, concurrency, dataset, ctx.jobs, (g) => ctx.emit('sweeps.changed', g.state()));
      ctx.groups.add(group);
      group.start();
      return group.state();
    },

    'sweeps.get': async ({ group }) => sweepState(ctx, group),

    'sweeps.cancel': async ({ group }) => {
      const running = ctx.groups.find(group);
      if (!running) return sweepState(ctx, group);
      await running.cancel();
      return running.state();
    },
  };
}

/** A sweep from this session, or one rebuilt from the run records that carry its group id. */
async function sweepState(ctx: ServiceContext, id: string): Promise<SweepState> {
  const live = ctx.groups.find(id);
  if (live) return live.state();
  const { runs } = await ctx.store().list();
  const members = runs.filter((run) => run.group === id);
  if (members.length === 0) throw groupNotFound(id);
  const finished = members.filter((run) => isFinishedStatus(run.status)).length;
  return {
    group: id,
    status: finished < members.length ? 'running' : members.some((run) => run.summary !== undefined) ? 'completed' : 'failed',
    total: members.length,
    finished,
    runIds: members.map((run) => run.id).reverse(),
    bestRunId: bestRunOf(members),
  };
}
