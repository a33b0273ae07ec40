/** jobs.* — start a training run in a worker process, pause, resume, stop it. */
import type { ServiceContext } from './context';
import type { Handlers } from './handler-table';

type JobMethods = 'jobs.start' | 'jobs.pause' | 'jobs.resume' | 'jobs.stop';

export function jobHandlers(ctx: ServiceContext): Handlers<JobMethods> {
  return {
    'jobs.start': async ({ datasetId, config }) => {
      // The job manager refuses, with the field, what the worker would refuse a few seconds later.
      const { runId } = await ctx.jobs.start(ctx.datasets.get(datasetId), config);
      return { runId };
    },
    'jobs.pause': async ({ runId }) => {
      await ctx.jobs.pause(runId);
      return { ok: true as const };
    },
    'jobs.resume': async ({ runId }) => {
      await ctx.jobs.resume(runId);
      return { ok: true as const };
    },
    'jobs.stop': async ({ runId }) => {
      await ctx.jobs.stop(runId);
      return { ok: true as const };
    },
  };
}
