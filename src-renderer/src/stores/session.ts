import { defineStore } from 'pinia';
import { watch } from 'vue';
import type { DatasetWorkState, MethodInput, WorkSession } from '@common/contract';
import { api } from '../api/client';
import { isViewId } from '../lib/views';
import { useConfigStore } from './config';
import { useNavigationStore } from './navigation';
import { useRunsStore } from './runs';

/** Edits settle this long before the working state is sent to the backend. */
const SAVE_DELAY_MS = 400;

interface ViewBinding {
  /** The choices to keep, as small JSON. */
  read(): unknown;
  /** Puts saved choices back (undefined: this dataset has none, start fresh). */
  restore(saved: unknown): void;
}

/**
 * The working session lives in the backend (dataDir/session.json), not in the page: the open
 * dataset, the view, the current run, and per dataset the configuration and each view's choices.
 * This store sends changes there and puts them back after a reload or a restart.
 */
export const useSessionStore = defineStore('session', () => {
  const bindings = new Map<string, ViewBinding>();
  let datasetId: string | null = null;
  /** The open dataset's saved view choices: a store created later (views load lazily) starts from them. */
  let openedViews: Record<string, unknown> = {};
  /** While a dataset's state is being put back, the echoes of that must not be saved as edits. */
  let restoring = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function save(change: MethodInput<'session.save'>): void {
    api()
      .call('session.save', change)
      .catch((thrown: unknown) => console.warn('RNN Studio: could not save the working session', thrown));
  }

  function currentState(): DatasetWorkState {
    const views: Record<string, unknown> = {};
    for (const [name, binding] of bindings) views[name] = binding.read();
    return { config: useConfigStore().config, views };
  }

  function scheduleStateSave(): void {
    if (restoring || !datasetId) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (datasetId) save({ state: { datasetId, value: JSON.parse(JSON.stringify(currentState())) as DatasetWorkState } });
    }, SAVE_DELAY_MS);
  }

  /** A view's choices that belong to the open dataset: restored when it is opened again, reset for another. */
  function bindView(name: string, binding: ViewBinding, source: () => unknown): void {
    bindings.set(name, binding);
    if (datasetId) binding.restore(openedViews[name]);
    watch(source, scheduleStateSave, { deep: true });
  }

  /** The saved state of a dataset about to be opened (empty when never worked on, or unreachable). */
  async function stateOf(id: string): Promise<DatasetWorkState> {
    try {
      return await api().call('session.datasetState', { datasetId: id });
    } catch {
      return { views: {} };
    }
  }

  /** Called once a dataset is open: records it and puts its views' choices back. */
  function datasetOpened(id: string, state: DatasetWorkState): void {
    if (timer) clearTimeout(timer);
    timer = null;
    restoring = true;
    try {
      datasetId = id;
      openedViews = state.views;
      for (const [name, binding] of bindings) binding.restore(state.views[name]);
    } finally {
      // Watchers fire after this tick; they must see the restored values as the baseline, not as edits.
      setTimeout(() => (restoring = false), 0);
    }
    save({ datasetId: id });
  }

  /** At start-up: what the backend kept. */
  async function load(): Promise<WorkSession | null> {
    try {
      return await api().call('session.get', {});
    } catch (thrown) {
      console.warn('RNN Studio: could not read the working session', thrown);
      return null;
    }
  }

  /** After the session is restored, every later change is sent. */
  function follow(): void {
    const nav = useNavigationStore();
    const runs = useRunsStore();
    watch(() => nav.current, (view) => save({ view }));
    watch(() => runs.currentRunId, (runId) => save({ runId }));
    watch(() => useConfigStore().config, scheduleStateSave, { deep: true });
  }

  /** Puts the view and the current run back (the dataset is reopened by the dataset store). */
  function restorePlace(session: WorkSession): void {
    const nav = useNavigationStore();
    if (session.view && isViewId(session.view) && window.location.hash === '') nav.go(session.view);
    if (session.runId) void useRunsStore().restoreCurrent(session.runId);
  }

  return { bindView, stateOf, datasetOpened, load, follow, restorePlace };
});
