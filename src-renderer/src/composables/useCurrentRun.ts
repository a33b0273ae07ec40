import { computed, onScopeDispose, ref, watch } from 'vue';
import type { RunRecord } from '@engine-spec/run';
import { useRunsStore } from '../stores/runs';

/**
 * The run the user is looking at (the runs store's current run), resolved to its record and
 * followed as the current run changes. `onModel` runs each time a run that has a model (a summary:
 * completed, or stopped/diverged after a best checkpoint) is shown. `show` resolves a run again,
 * e.g. after it finished training.
 */
export function useCurrentRun(onModel: (run: RunRecord) => Promise<void>) {
  const runs = useRunsStore();
  const run = ref<RunRecord | null>(null);
  const hasModel = computed(() => run.value?.summary !== undefined);

  async function show(runId: string | null): Promise<void> {
    run.value = runId ? await runs.ensureRun(runId) : null;
    if (!run.value || !hasModel.value) return;
    await onModel(run.value);
  }

  watch(() => runs.currentRunId, (id) => void show(id), { immediate: true });
  // The listing follows the backend's runs.changed while a view shows the current run: without it a run
  // shown while it was queued stays "queued" in that view after it finished (no other view listening).
  onScopeDispose(runs.watchChanges());
  // A run shown while it trained (views stay alive) is shown again once the listing has its final
  // record: a job's last status event can arrive before that record is written.
  watch(
    () => (runs.currentRun ? `${runs.currentRun.status}:${runs.currentRun.summary !== undefined}` : null),
    (now, before) => {
      if (now !== null && now !== before && !hasModel.value) void show(runs.currentRunId);
    },
  );

  return { run, hasModel, show };
}
