import { defineStore } from 'pinia';
import { onScopeDispose, shallowRef } from 'vue';
import type { JobQueue } from '@common/contract';
import { api } from '../api/client';

/**
 * The backend's job queue: which runs train now and which wait, in order. Kept current by
 * `jobs.queueChanged`; views ask it for a queued run's position.
 */
export const useQueueStore = defineStore('queue', () => {
  const queue = shallowRef<JobQueue | null>(null);

  const unsubscribe = api().on('jobs.queueChanged', (next) => (queue.value = next));
  onScopeDispose(unsubscribe);
  void api()
    .call('jobs.queue', {})
    .then(
      (first) => (queue.value ??= first),
      () => undefined,
    );

  /** 1 for the next run to start; null when the run is not waiting. */
  function position(runId: string): number | null {
    const index = queue.value?.queued.indexOf(runId) ?? -1;
    return index < 0 ? null : index + 1;
  }

  return { queue, position };
});
