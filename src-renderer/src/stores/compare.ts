import { defineStore } from 'pinia';
import { LatestRequest } from '../lib/latest-request';
import { reactive, ref, shallowRef } from 'vue';
import type { CellComparison, Comparison, Forecast, SweepSpec, SweepState } from '@common/contract';
import type { RunConfig } from '@engine-spec/run';
import { api } from '../api/client';
import { sharedSubscription } from '../lib/shared-subscription';
import { useAppStore } from './app';
import { SWEEP_FIELD_NAMES, type SweepFieldName } from '../lib/sweepSpace';
import { useSessionStore } from './session';

/** Side-by-side comparison of runs, the three-cell comparison job, and hyper-parameter sweeps. */
export const useCompareStore = defineStore('compare', () => {
  const comparison = shallowRef<Comparison | null>(null);
  const forecasts = shallowRef<Record<string, Forecast>>({});
  const loading = ref(false);

  const cellsGroup = ref<string | null>(null);
  const cells = shallowRef<CellComparison | null>(null);
  const cellsStarting = ref(false);

  const sweep = shallowRef<SweepState | null>(null);
  /** The sweep form as typed (kept here so it survives switching views). */
  const sweepForm = reactive({
    enabled: Object.fromEntries(SWEEP_FIELD_NAMES.map((f) => [f, f === 'cell' || f === 'units'])) as Record<SweepFieldName, boolean>,
    values: { cell: 'lstm, gru', units: '16, 32', layers: '1, 2', lookback: '12, 24', lr: '0.001, 0.003', dropout: '0, 0.2' } as Record<SweepFieldName, string>,
    mode: 'grid' as SweepSpec['mode'],
    trials: 8,
    concurrency: 1,
  });
  const sweepStarting = ref(false);

  const report = (thrown: unknown, context: string): void => void useAppStore().report(thrown, context);

  const compareSeq = new LatestRequest();
  /** Compares runs: curves and config diff in one call, then each run's test forecast. */
  async function compareRuns(runIds: string[]): Promise<void> {
    const ticket = compareSeq.start();
    if (runIds.length === 0) {
      comparison.value = null;
      forecasts.value = {};
      return;
    }
    loading.value = true;
    try {
      const result = await api().call('compare.runs', { runIds });
      if (!ticket.current) return;
      comparison.value = result;
      forecasts.value = {};
      // Runs without a model yet (failed early, still queued) simply have no forecast line.
      const withModel = result.runs.filter((r) => r.summary !== undefined);
      const answers = await Promise.allSettled(withModel.map((r) => api().call('predict.forecast', { runId: r.id, split: 'test' })));
      if (!ticket.current) return;
      const next: Record<string, Forecast> = {};
      answers.forEach((a, i) => {
        if (a.status === 'fulfilled') next[withModel[i].id] = a.value;
        else report(a.reason, `Forecasting with run ${withModel[i].id}`);
      });
      forecasts.value = next;
    } catch (e) {
      if (ticket.current) report(e, 'Comparing runs');
    } finally {
      if (ticket.current) loading.value = false;
    }
  }

  async function fetchCells(group: string): Promise<void> {
    try {
      const result = await api().call('compare.cellsResult', { group });
      if (group === cellsGroup.value) cells.value = result;
    } catch (e) {
      report(e, 'Reading the cell comparison');
    }
  }

  async function startCells(datasetId: string, config: RunConfig): Promise<void> {
    cellsStarting.value = true;
    try {
      const { group } = await api().call('compare.cells', { datasetId, config });
      cellsGroup.value = group;
      cells.value = null;
      await fetchCells(group);
    } catch (e) {
      report(e, 'Starting the cell comparison');
    } finally {
      cellsStarting.value = false;
    }
  }

  async function startSweep(datasetId: string, config: RunConfig, spec: SweepSpec): Promise<void> {
    sweepStarting.value = true;
    try {
      sweep.value = await api().call('sweeps.start', { datasetId, config, sweep: spec });
    } catch (e) {
      report(e, 'Starting the sweep');
    } finally {
      sweepStarting.value = false;
    }
  }

  async function refreshSweep(group: string): Promise<void> {
    try {
      const state = await api().call('sweeps.get', { group });
      if (sweep.value?.group === group) sweep.value = state;
    } catch (e) {
      report(e, 'Reading the sweep');
    }
  }

  async function cancelSweep(): Promise<void> {
    const group = sweep.value?.group;
    if (!group) return;
    try {
      sweep.value = await api().call('sweeps.cancel', { group });
    } catch (e) {
      report(e, 'Cancelling the sweep');
    }
  }

  // Backend pushes for the cell comparison and sweeps; one subscription however many views listen.
  const watchChanges = sharedSubscription(() => {
    // Pushes missed while nobody listened: catch up once.
    if (cellsGroup.value) void fetchCells(cellsGroup.value);
    if (sweep.value) void refreshSweep(sweep.value.group);
    return [
      api().on('compare.cellsChanged', ({ group }) => {
        if (group === cellsGroup.value) void fetchCells(group);
      }),
      api().on('sweeps.changed', (state) => {
        if (!sweep.value || state.group === sweep.value.group) sweep.value = state;
      }),
    ];
  });

  // The cell comparison and the sweep form were made for one dataset; another dataset has its own.
  useSessionStore().bindView(
    'compare',
    {
      read: () => ({ cellsGroup: cellsGroup.value, sweepForm: { ...sweepForm } }),
      restore: (saved) => {
        const kept = (saved ?? {}) as { cellsGroup?: unknown; sweepForm?: Partial<typeof sweepForm> };
        cellsGroup.value = typeof kept.cellsGroup === 'string' ? kept.cellsGroup : null;
        cells.value = null;
        sweep.value = null;
        if (kept.sweepForm && typeof kept.sweepForm === 'object') Object.assign(sweepForm, kept.sweepForm);
        if (cellsGroup.value) void fetchCells(cellsGroup.value);
      },
    },
    () => [cellsGroup.value, sweepForm],
  );

  return {
    comparison,
    forecasts,
    loading,
    cellsGroup,
    cells,
    cellsStarting,
    sweep,
    sweepForm,
    sweepStarting,
    compareRuns,
    startCells,
    startSweep,
    cancelSweep,
    watchChanges,
  };
});
