import { computed, type ComputedRef } from 'vue';
import { useDatasetStore } from '../stores/dataset';
import { useJobStore } from '../stores/job';
import { useRunsStore } from '../stores/runs';

/** "Loss · co2 · LSTM 32 · lookback 96 · 05:11 · co2.csv": a Train chart titled with its run and dataset. */
export function useTrainChartTitle(what: string): ComputedRef<string> {
  const job = useJobStore();
  const runs = useRunsStore();
  const dataset = useDatasetStore();
  return computed(() => {
    const run = job.runId ? (job.runName ?? runs.byId.get(job.runId)?.name ?? job.runId) : 'no run';
    return [what, run, dataset.summary?.name].filter(Boolean).join(' · ');
  });
}
