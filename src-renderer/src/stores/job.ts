import { defineStore } from 'pinia';
import { computed, markRaw, onScopeDispose, ref, shallowRef } from 'vue';
import type { TrainingEvent } from '@engine-spec/index';
import { isActiveStatus } from '@engine-spec/run-status';
import { api } from '../api/client';
import { alreadyApplied, applyTrainingEvent, emptyTrace, isFinished, liveFigures, progressOf, type LiveFigures, type TrainingTrace } from '../lib/training-trace';
import { useAppStore } from './app';
import { useConfigStore } from './config';
import { useDatasetStore } from './dataset';

/** The live figures (epoch, ETA, last losses) follow the trace at most this often. */
const REDRAW_INTERVAL_MS = 300;
/**
 * The live charts redraw at most this often: a chart's redraw is the page's most expensive work while
 * a model trains (tens of ms a chart), and it shares the 2 cores with the training itself.
 */
const CHART_INTERVAL_MS = 1000;

/**
 * The live training job. Events land in a plain (non-reactive) trace; a version counter, bumped at
 * most a few times a second, tells charts to redraw. The store lives as long as the app, so training
 * keeps being followed while the user is on another view.
 */
export const useJobStore = defineStore('job', () => {
  const runId = ref<string | null>(null);
  /** Content hash of the data the followed run trains on. */
  const datasetSha = ref<string | null>(null);
  /** The followed run's name as the backend gave it (e.g. "co2 · LSTM 32 · lookback 96 · 05:11"). */
  const runName = ref<string | null>(null);
  const trace = shallowRef<TrainingTrace>(markRaw(emptyTrace()));
  /** Bumped (throttled) whenever the trace changed. */
  const version = ref(0);
  /** Bumped (throttled further) for the live charts; at once, as `version`, on status changes. */
  const chartVersion = ref(0);
  let chartTimer: ReturnType<typeof setTimeout> | null = null;
  let chartBumpedAt = Number.NEGATIVE_INFINITY;
  const starting = ref(false);
  const busy = ref(false);
  let redrawTimer: ReturnType<typeof setTimeout> | null = null;
  /** Events that arrive before `jobs.start` has answered with the run id. */
  let early: Array<{ runId: string; event: TrainingEvent }> = [];
  let buffering = false;

  const status = computed(() => {
    void version.value;
    return runId.value ? trace.value.status : null;
  });
  const running = computed(() => status.value === 'running' || status.value === 'queued');
  const paused = computed(() => status.value === 'paused');
  const progress = computed(() => {
    void version.value;
    return progressOf(trace.value);
  });
  /**
   * The trace's headline numbers as a fresh object on every redraw: the trace itself is mutated in
   * place, so anything computed from it directly would never see a change.
   */
  const live = computed<LiveFigures>(() => {
    void version.value;
    return liveFigures(trace.value);
  });

  function bumpCharts(now: boolean): void {
    if (now && chartTimer) clearTimeout(chartTimer);
    if (now) chartTimer = null;
    if (chartTimer) return;
    const wait = now ? 0 : Math.max(0, chartBumpedAt + CHART_INTERVAL_MS - Date.now());
    const fire = (): void => {
      chartTimer = null;
      chartBumpedAt = Date.now();
      chartVersion.value++;
    };
    if (wait === 0) fire();
    else chartTimer = setTimeout(fire, wait);
  }

  function bump(now = false): void {
    bumpCharts(now);
    if (now) {
      if (redrawTimer) clearTimeout(redrawTimer);
      redrawTimer = null;
      version.value++;
      return;
    }
    if (redrawTimer) return;
    redrawTimer = setTimeout(() => {
      redrawTimer = null;
      version.value++;
    }, REDRAW_INTERVAL_MS);
  }

  function accept(event: TrainingEvent): void {
    applyTrainingEvent(trace.value, event);
    bump(event.type === 'status' || event.type === 'done' || event.type === 'warning');
  }

  const unsubscribe = api().on('job.event', ({ runId: id, event }) => {
    if (buffering) {
      early.push({ runId: id, event });
      return;
    }
    if (id === runId.value) accept(event);
  });
  onScopeDispose(() => {
    unsubscribe();
    if (redrawTimer) clearTimeout(redrawTimer);
    if (chartTimer) clearTimeout(chartTimer);
  });

  async function start(): Promise<boolean> {
    const app = useAppStore();
    const dataset = useDatasetStore().summary;
    const configStore = useConfigStore();
    if (!dataset) {
      app.report(new Error('Open a dataset first (Data view).'), 'Starting training');
      return false;
    }
    starting.value = true;
    buffering = true;
    runId.value = null;
    datasetSha.value = dataset.sha256;
    early = [];
    trace.value = markRaw(emptyTrace(configStore.config.train.epochs));
    bump(true);
    try {
      const started = await api().call('jobs.start', { datasetId: dataset.id, config: configStore.config });
      runId.value = started.runId;
      runName.value = null;
      void api()
        .call('runs.get', { runId: started.runId })
        .then((record) => {
          if (runId.value === record.id) runName.value = record.name;
        })
        .catch(() => undefined);
      buffering = false;
      for (const item of early) if (item.runId === started.runId) accept(item.event);
      app.clearError();
      return true;
    } catch (thrown) {
      app.report(thrown, 'Starting training');
      return false;
    } finally {
      early = [];
      buffering = false;
      starting.value = false;
      bump(true);
    }
  }

  async function control(method: 'jobs.pause' | 'jobs.resume' | 'jobs.stop', context: string): Promise<void> {
    if (!runId.value) return;
    busy.value = true;
    try {
      await api().call(method, { runId: runId.value });
    } catch (thrown) {
      useAppStore().report(thrown, context);
    } finally {
      busy.value = false;
    }
  }
  const pause = () => control('jobs.pause', 'Pausing training');
  const resume = () => control('jobs.resume', 'Resuming training');
  const stop = () => control('jobs.stop', 'Stopping training');

  /** Follows an existing run (e.g. one still training after the page was reloaded): its log so far, then live events. */
  async function attach(id: string): Promise<void> {
    const fresh = markRaw(emptyTrace());
    runId.value = id;
    trace.value = fresh;
    starting.value = true;
    buffering = true;
    early = [];
    try {
      const [record, logged] = await Promise.all([api().call('runs.get', { runId: id }), api().call('runs.events', { runId: id, maxBatchPoints: 20_000 })]);
      fresh.totalEpochs = record.config.train.epochs;
      datasetSha.value = record.data.sha256;
      runName.value = record.name;
      for (const event of logged.events) applyTrainingEvent(fresh, event);
      if (!isFinished(fresh.status)) fresh.status = record.status;
      if (record.summary && !fresh.summary) fresh.summary = record.summary;
      // Live events that raced the log read: the log may already hold some of them.
      for (const item of early) if (item.runId === id && !alreadyApplied(fresh, item.event)) applyTrainingEvent(fresh, item.event);
    } catch (thrown) {
      useAppStore().report(thrown, 'Loading the running job');
    } finally {
      early = [];
      buffering = false;
      starting.value = false;
      bump(true);
    }
  }

  /**
   * Another dataset was opened: a finished run of the previous one must not sit next to the new
   * dataset's settings (a live run stays: it is still training and can be stopped here).
   */
  function datasetOpened(sha256: string): void {
    if (!runId.value || datasetSha.value === sha256 || running.value || paused.value || starting.value) return;
    runId.value = null;
    datasetSha.value = null;
    runName.value = null;
    trace.value = markRaw(emptyTrace());
    bump(true);
  }

  /** At start-up: if a run is still training (the page was reloaded), follow it. */
  async function followRunningJob(): Promise<void> {
    try {
      const listing = await api().call('runs.list', {});
      const live = listing.runs.find((r) => isActiveStatus(r.status));
      if (live && !runId.value) await attach(live.id);
    } catch (thrown) {
      // Not essential (the Runs view reports listing problems), but worth a trace for whoever debugs it.
      console.warn('RNN Studio: could not look for a running job', thrown);
    }
  }

  return { runId, runName, datasetSha, datasetOpened, trace, version, chartVersion, starting, busy, status, running, paused, progress, live, start, pause, resume, stop, attach, followRunningJob };
});
