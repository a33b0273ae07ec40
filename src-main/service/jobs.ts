/** jobs.* — start a training run (it waits in the job queue until a worker is free), pause, resume, stop it; the queue. */
import type { ServiceContext } from './context';
import type { Handlers } from './handler-table';

type JobMethods = 'jobs.start' | 'jobs.pause' | 'jobs.resume' | 'jobs.stop' | 'jobs.queue';

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
    'jobs.queue': async () => ctx.jobs.queue(),
  };
}
