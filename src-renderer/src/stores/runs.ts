import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { RunListing } from '@common/contract';
import type { RunRecord } from '@engine-spec/run';
import { isActiveStatus } from '@engine-spec/run-status';
import { api } from '../api/client';
import { keepUnchanged } from '../lib/keep-unchanged';
import { sharedSubscription } from '../lib/shared-subscription';
import { useAppStore } from './app';
import { useJobStore } from './job';
import { useSessionStore } from './session';

const SET_DIR_CONTEXT = 'Switching the runs folder';

/**
 * The run list, the multi-selection the Compare view works on, and "the current run" that the
 * Playground and Export views act on (the run just trained, or one opened from the Runs view). The
 * current run belongs to the open dataset's working state: another dataset brings back its own (or none).
 */
export const useRunsStore = defineStore('runs', () => {
  const runs = shallowRef<RunRecord[]>([]);
  const skipped = shallowRef<RunListing['skipped']>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const currentRunId = ref<string | null>(null);
  const selectedIds = ref<string[]>([]);

  const currentRun = computed(() => runs.value.find((r) => r.id === currentRunId.value) ?? null);
  const byId = computed(() => new Map(runs.value.map((r) => [r.id, r])));

  // Actions report failures to the app's error area and resolve to null/false: views never see a rejection.
  const report = (thrown: unknown, context: string): void => void useAppStore().report(thrown, context);

  /** The listing, newest first, with the records that did not change kept as they were (nothing re-renders for them). */
  function take(listing: RunListing): void {
    runs.value = keepUnchanged(runs.value, [...listing.runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt)), (r) => r.id);
    skipped.value = keepUnchanged(skipped.value, listing.skipped, (s) => s.folder);
  }

  /**
   * Lists the runs folder again. `loading` only marks the first listing (nothing to show yet): a
   * later refresh keeps showing the list and patches in what changed, without a flash of spinners.
   */
  async function refresh(): Promise<boolean> {
    if (!loaded.value) loading.value = true;
    try {
      const listing = await api().call('runs.list', {});
      take(listing);
      loaded.value = true;
      // A new array only when a selected run is gone: the table re-renders when the selection changes.
      const known = byId.value;
      if (selectedIds.value.some((id) => !known.has(id))) selectedIds.value = selectedIds.value.filter((id) => known.has(id));
      return true;
    } catch (e) {
      report(e, 'Listing the runs');
      return false;
    } finally {
      loading.value = false;
    }
  }

  // One backend subscription however many views watch the list; the last one out removes it.
  let refreshQueued = false;
  const watchChanges = sharedSubscription(() => [
    api().on('runs.changed', () => {
      // Sweeps change many runs at once: coalesce bursts into one list request.
      if (refreshQueued) return;
      refreshQueued = true;
      queueMicrotask(() => {
        refreshQueued = false;
        void refresh();
      });
    }),
  ]);

  useSessionStore().bindView(
    'currentRun',
    {
      read: () => currentRunId.value,
      restore: (saved) => (currentRunId.value = typeof saved === 'string' && saved !== '' ? saved : null),
    },
    () => currentRunId.value,
  );

  // A run started in the Train view becomes the current run as soon as it exists.
  watch(
    () => useJobStore().runId,
    (id) => {
      if (id) setCurrent(id);
    },
    { immediate: true },
  );

  function setCurrent(runId: string | null): void {
    currentRunId.value = runId;
  }

  /** After a reload the session's current run comes back, if it still exists (quietly dropped if not). */
  async function restoreCurrent(saved: string): Promise<void> {
    try {
      const record = await api().call('runs.get', { runId: saved });
      if (currentRunId.value !== null) return;
      runs.value = [record, ...runs.value.filter((r) => r.id !== record.id)];
      currentRunId.value = record.id;
    } catch {
      // The run was deleted or its folder moved: nothing to put back.
    }
  }

  /** A run's record: from the list when it is final, else fresh from the backend (e.g. a run that was training when listed). */
  async function ensureRun(runId: string): Promise<RunRecord | null> {
    const known = byId.value.get(runId);
    // A finished run's record only changes by rename; anything else may be stale (still training when listed).
    if (known && known.summary && !isActiveStatus(known.status)) return known;
    try {
      const record = await api().call('runs.get', { runId });
      runs.value = known ? runs.value.map((r) => (r.id === runId ? record : r)) : [record, ...runs.value];
      return record;
    } catch (e) {
      report(e, `Reading run ${runId}`);
      return null;
    }
  }

  function replace(record: RunRecord): void {
    runs.value = runs.value.map((r) => (r.id === record.id ? record : r));
  }

  async function update(runId: string, patch: { name?: string; tags?: string[]; notes?: string }): Promise<boolean> {
    try {
      replace(await api().call('runs.update', { runId, ...patch }));
      return true;
    } catch (e) {
      report(e, `Saving run ${runId}`);
      return false;
    }
  }

  async function remove(runIds: string[]): Promise<boolean> {
    try {
      for (const runId of runIds) {
        await api().call('runs.delete', { runId });
        runs.value = runs.value.filter((r) => r.id !== runId);
        if (currentRunId.value === runId) setCurrent(null);
      }
      selectedIds.value = selectedIds.value.filter((id) => !runIds.includes(id));
      return true;
    } catch (e) {
      report(e, 'Deleting runs');
      return false;
    }
  }

  async function rerun(runId: string): Promise<string | null> {
    try {
      const { runId: newId } = await api().call('runs.rerun', { runId });
      await refresh();
      return newId;
    } catch (e) {
      report(e, `Re-running run ${runId}`);
      return null;
    }
  }

  /** Electron picks the runs folder with a native dialog; the browser types a path instead. */
  const canPickDir = api().desktop !== null;
  const switchingDir = ref(false);

  /**
   * Switches the backend to another runs folder (it is remembered across restarts) and shows its
   * runs. Resolves false when it failed (reported) or the dialog was cancelled.
   */
  async function setDir(dir: string): Promise<boolean> {
    switchingDir.value = true;
    try {
      const listing = await api().call('runs.setDir', { dir });
      take(listing);
      loaded.value = true;
      selectedIds.value = [];
      if (currentRunId.value && !byId.value.has(currentRunId.value)) setCurrent(null);
      // app.info carries the folder the backend now uses (resolved to an absolute path).
      const app = useAppStore();
      await app.load();
      // An earlier failed attempt is no longer the news.
      if (app.lastError?.context.startsWith(SET_DIR_CONTEXT)) app.clearError();
      return true;
    } catch (e) {
      report(e, `${SET_DIR_CONTEXT} to ${dir}`);
      return false;
    } finally {
      switchingDir.value = false;
    }
  }

  async function pickDir(): Promise<boolean> {
    const desktop = api().desktop;
    if (!desktop) return false;
    let picked: string | null;
    try {
      picked = await desktop.pickDirectory();
    } catch (e) {
      report(e, 'Choosing the runs folder');
      return false;
    }
    return picked ? setDir(picked) : false;
  }

  function setSelected(ids: string[]): void {
    selectedIds.value = [...ids];
  }

  return {
    runs,
    skipped,
    loading,
    loaded,
    currentRunId,
    currentRun,
    selectedIds,
    byId,
    refresh,
    watchChanges,
    setCurrent,
    restoreCurrent,
    ensureRun,
    update,
    remove,
    rerun,
    canPickDir,
    switchingDir,
    setDir,
    pickDir,
    setSelected,
  };
});
