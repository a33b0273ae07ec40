import { defineStore } from 'pinia';
import { LatestRequest } from '../lib/latest-request';
import { ref, shallowRef } from 'vue';
import type { AheadForecast, Backtest, Forecast, Rollout } from '@common/contract';
import { api } from '../api/client';
import { useAppStore } from './app';
import { setWindowCell } from '../lib/windowEdit';
import { useSessionStore } from './session';


/**
 * The Playground's state for one run: its test forecast, a roll-forward from a picked point, and an
 * input window the user edits to see the prediction change.
 */
export const usePlaygroundStore = defineStore('playground', () => {
  const runId = ref<string | null>(null);
  const forecast = shallowRef<Forecast | null>(null);
  const forecastLoading = ref(false);

  /** The "From row": a table row (1-based, as the Rows preview numbers it); the backend maps it to the series. */
  const rolloutRow = ref(1);
  const rolloutSteps = ref(12);
  const rollout = shallowRef<Rollout | null>(null);
  const rolloutLoading = ref(false);

  /** The editable window, [step][column] in original units, and its columns. */
  const window = shallowRef<number[][]>([]);
  const windowColumns = shallowRef<string[]>([]);
  /** The window as the model last saw it before edits: lets the user reset. */
  const windowOriginal = shallowRef<number[][]>([]);
  const windowPrediction = shallowRef<Rollout | null>(null);
  /** The prediction from the unedited window: what edits are compared against. */
  const windowBaseline = shallowRef<Rollout | null>(null);
  const windowPending = ref(false);

  /** The forecast past the end of the data, with intervals. */
  const aheadSteps = ref(12);
  const ahead = shallowRef<AheadForecast | null>(null);
  /** Future values of the run's features the user uploaded for the forecast (CSV text), or none. */
  const aheadFuture = shallowRef<{ name: string; text: string } | null>(null);
  const aheadLoading = ref(false);
  /** The rolling-origin backtest over the test period. */
  const backtestHorizon = ref(6);
  const backtestStep = ref(1);
  const backtest = shallowRef<Backtest | null>(null);
  const backtestLoading = ref(false);

  const report = (thrown: unknown, context: string): void => void useAppStore().report(thrown, context);

  // Answers can arrive out of order; only the newest request of each kind may write its result.
  const forecastSeq = new LatestRequest();
  const rolloutSeq = new LatestRequest();
  const windowSeq = new LatestRequest();
  const aheadSeq = new LatestRequest();
  /** The data row the edited window ends at (its rollout's start): known-in-advance features take the rows after it. */
  let windowAt: number | undefined;
  const backtestSeq = new LatestRequest();
  // What-if predictions: the first edit is sent at once (no debounce: one forward pass answers in
  // milliseconds); edits made while it is answered wait, and only the latest window is sent next.
  let windowInFlight = false;
  let windowDirty = false;
  /** A "from row" kept from an earlier visit to this dataset, applied when that run's forecast loads. */
  let keptFrom: { runId: string; row: number; steps: number } | null = null;

  function reset(): void {
    forecast.value = null;
    rollout.value = null;
    ahead.value = null;
    backtest.value = null;
    window.value = [];
    windowOriginal.value = [];
    windowColumns.value = [];
    windowPrediction.value = null;
    windowBaseline.value = null;
    cancelPendingWindow();
  }

  /** Loads the test forecast of a run and starts the roll-forward where the engine says (just before the test period). */
  async function load(id: string): Promise<void> {
    if (runId.value !== id) reset();
    runId.value = id;
    const ticket = forecastSeq.start();
    forecastLoading.value = true;
    try {
      const result = await api().call('predict.forecast', { runId: id, split: 'test' });
      if (!ticket.current) return;
      forecast.value = result;
      rolloutRow.value = keptFrom?.runId === id ? keptFrom.row : (result.rollFrom?.start.row ?? 1);
      keptFrom = null;
      await runRollout();
    } catch (e) {
      if (ticket.current) report(e, 'Forecasting the test period');
    } finally {
      if (ticket.current) forecastLoading.value = false;
    }
  }

  /** Rolls the model forward from `rolloutRow`; its input window becomes the editable window. */
  async function runRollout(): Promise<void> {
    const id = runId.value;
    if (!id) return;
    const ticket = rolloutSeq.start();
    rolloutLoading.value = true;
    try {
      const result = await api().call('predict.rollout', { runId: id, row: rolloutRow.value, steps: rolloutSteps.value });
      if (!ticket.current) return;
      rollout.value = result;
      // A dropped row stands for the next kept one: "From row" shows the row actually used (the note says why).
      if (result.from) rolloutRow.value = result.from.row;
      cancelPendingWindow();
      window.value = result.input.map((row) => [...row]);
      windowAt = result.from?.at;
      windowOriginal.value = result.input;
      windowColumns.value = result.inputColumns;
      // One forward pass (the horizon), as every edited window gets: like compared with like.
      const baseline = await api().call('predict.fromWindow', { runId: id, window: result.input, at: windowAt });
      if (!ticket.current) return;
      windowBaseline.value = baseline;
      windowPrediction.value = baseline;
    } catch (e) {
      if (ticket.current) report(e, 'Rolling the model forward');
    } finally {
      if (ticket.current) rolloutLoading.value = false;
    }
  }

  function cancelPendingWindow(): void {
    windowDirty = false;
    windowPending.value = false;
    windowSeq.cancel();
  }

  async function predictWindow(): Promise<void> {
    const id = runId.value;
    if (!id || window.value.length === 0) return;
    const ticket = windowSeq.start();
    try {
      const result = await api().call('predict.fromWindow', { runId: id, window: window.value, at: windowAt });
      if (ticket.current) windowPrediction.value = result;
    } catch (e) {
      if (ticket.current) report(e, 'Predicting from the edited window');
    } finally {
      if (ticket.current && !windowDirty) windowPending.value = false;
    }
  }

  /** One prediction request at a time, always for the newest window. */
  function requestWindowPrediction(): void {
    if (windowInFlight) {
      windowDirty = true;
      return;
    }
    windowInFlight = true;
    void predictWindow().finally(() => {
      windowInFlight = false;
      if (!windowDirty) return;
      windowDirty = false;
      requestWindowPrediction();
    });
  }

  /** Changes one value of the window; the prediction follows at once (edits made meanwhile are coalesced). */
  function editWindow(step: number, col: number, value: number): void {
    try {
      window.value = setWindowCell(window.value, step, col, value);
    } catch (e) {
      report(e, 'Editing the input window');
      return;
    }
    windowPending.value = true;
    requestWindowPrediction();
  }

  /** Forecasts `aheadSteps` rows past the end of the data. */
  async function runAhead(): Promise<void> {
    const id = runId.value;
    if (!id) return;
    const ticket = aheadSeq.start();
    aheadLoading.value = true;
    try {
      const future = aheadFuture.value ?? undefined;
      const result = await api().call('predict.ahead', { runId: id, steps: aheadSteps.value, ...(future ? { future } : {}) });
      if (ticket.current) ahead.value = result;
    } catch (e) {
      if (ticket.current) report(e, 'Forecasting past the data');
    } finally {
      if (ticket.current) aheadLoading.value = false;
    }
  }

  /** Backtests the model over the test period with the chosen horizon and origin step. */
  async function runBacktest(): Promise<void> {
    const id = runId.value;
    if (!id) return;
    const ticket = backtestSeq.start();
    backtestLoading.value = true;
    try {
      const result = await api().call('predict.backtest', { runId: id, horizon: backtestHorizon.value, step: backtestStep.value });
      if (ticket.current) backtest.value = result;
    } catch (e) {
      if (ticket.current) report(e, 'Backtesting the model');
    } finally {
      if (ticket.current) backtestLoading.value = false;
    }
  }

  function resetWindow(): void {
    cancelPendingWindow();
    window.value = windowOriginal.value.map((row) => [...row]);
    windowPrediction.value = windowBaseline.value;
  }

  useSessionStore().bindView(
    'playground',
    {
      read: () => (runId.value ? { runId: runId.value, row: rolloutRow.value, steps: rolloutSteps.value } : null),
      restore: (saved) => {
        const kept = saved as { runId?: unknown; row?: unknown; steps?: unknown } | null | undefined;
        keptFrom = kept && typeof kept.runId === 'string' && typeof kept.row === 'number' && typeof kept.steps === 'number' ? { runId: kept.runId, row: kept.row, steps: kept.steps } : null;
        // Another dataset: nothing of this one's forecast or window may show there.
        runId.value = null;
        reset();
        rolloutRow.value = 1;
        if (keptFrom) rolloutSteps.value = keptFrom.steps;
      },
    },
    () => [runId.value, rolloutRow.value, rolloutSteps.value],
  );

  return {
    runId,
    forecast,
    forecastLoading,
    rolloutRow,
    rolloutSteps,
    rollout,
    rolloutLoading,
    window,
    windowColumns,
    windowPrediction,
    windowBaseline,
    windowPending,
    aheadSteps,
    ahead,
    aheadFuture,
    aheadLoading,
    backtestHorizon,
    backtestStep,
    backtest,
    backtestLoading,
    runAhead,
    runBacktest,
    load,
    runRollout,
    editWindow,
    resetWindow,
    reset,
  };
});
