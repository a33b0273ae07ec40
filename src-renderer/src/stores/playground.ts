import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AheadForecast, Backtest, Forecast, Rollout } from '@common/contract';
import { api } from '../api/client';
import { useAppStore } from './app';
import { setWindowCell } from '../lib/windowEdit';

/** How long edits to the input window settle before the model is asked again. */
export const WINDOW_DEBOUNCE_MS = 150;

/**
 * The Playground's state for one run: its test forecast, a roll-forward from a picked point, and an
 * input window the user edits to see the prediction change.
 */
export const usePlaygroundStore = defineStore('playground', () => {
  const runId = ref<string | null>(null);
  const forecast = shallowRef<Forecast | null>(null);
  const forecastLoading = ref(false);

  const rolloutAt = ref(0);
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
  const aheadLoading = ref(false);
  /** The rolling-origin backtest over the test period. */
  const backtestHorizon = ref(6);
  const backtestStep = ref(1);
  const backtest = shallowRef<Backtest | null>(null);
  const backtestLoading = ref(false);

  const report = (thrown: unknown, context: string): void => void useAppStore().report(thrown, context);

  // Answers can arrive out of order; only the newest request of each kind may write its result.
  let forecastSeq = 0;
  let rolloutSeq = 0;
  let windowSeq = 0;
  let aheadSeq = 0;
  let backtestSeq = 0;
  let debounce: ReturnType<typeof setTimeout> | null = null;

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

  /** Loads the test forecast of a run and starts the roll-forward at the beginning of the test period. */
  async function load(id: string, firstRow: (f: Forecast) => number): Promise<void> {
    if (runId.value !== id) reset();
    runId.value = id;
    const seq = ++forecastSeq;
    forecastLoading.value = true;
    try {
      const result = await api().call('predict.forecast', { runId: id, split: 'test' });
      if (seq !== forecastSeq) return;
      forecast.value = result;
      rolloutAt.value = firstRow(result);
      await runRollout();
    } catch (e) {
      if (seq === forecastSeq) report(e, 'Forecasting the test period');
    } finally {
      if (seq === forecastSeq) forecastLoading.value = false;
    }
  }

  /** Rolls the model forward from `rolloutAt`; its input window becomes the editable window. */
  async function runRollout(): Promise<void> {
    const id = runId.value;
    if (!id) return;
    const seq = ++rolloutSeq;
    rolloutLoading.value = true;
    try {
      const result = await api().call('predict.rollout', { runId: id, at: rolloutAt.value, steps: rolloutSteps.value });
      if (seq !== rolloutSeq) return;
      rollout.value = result;
      cancelPendingWindow();
      window.value = result.input.map((row) => [...row]);
      windowOriginal.value = result.input;
      windowColumns.value = result.inputColumns;
      // One forward pass (the horizon), as every edited window gets: like compared with like.
      const baseline = await api().call('predict.fromWindow', { runId: id, window: result.input });
      if (seq !== rolloutSeq) return;
      windowBaseline.value = baseline;
      windowPrediction.value = baseline;
    } catch (e) {
      if (seq === rolloutSeq) report(e, 'Rolling the model forward');
    } finally {
      if (seq === rolloutSeq) rolloutLoading.value = false;
    }
  }

  function cancelPendingWindow(): void {
    if (debounce) clearTimeout(debounce);
    debounce = null;
    windowPending.value = false;
    windowSeq++;
  }

  async function predictWindow(): Promise<void> {
    const id = runId.value;
    if (!id || window.value.length === 0) return;
    const seq = ++windowSeq;
    try {
      const result = await api().call('predict.fromWindow', { runId: id, window: window.value });
      if (seq === windowSeq) windowPrediction.value = result;
    } catch (e) {
      if (seq === windowSeq) report(e, 'Predicting from the edited window');
    } finally {
      if (seq === windowSeq) windowPending.value = false;
    }
  }

  /** Changes one value of the window; the prediction follows once edits pause. */
  function editWindow(step: number, col: number, value: number): void {
    try {
      window.value = setWindowCell(window.value, step, col, value);
    } catch (e) {
      report(e, 'Editing the input window');
      return;
    }
    if (debounce) clearTimeout(debounce);
    windowPending.value = true;
    debounce = setTimeout(() => {
      debounce = null;
      void predictWindow();
    }, WINDOW_DEBOUNCE_MS);
  }

  /** Forecasts `aheadSteps` rows past the end of the data. */
  async function runAhead(): Promise<void> {
    const id = runId.value;
    if (!id) return;
    const seq = ++aheadSeq;
    aheadLoading.value = true;
    try {
      const result = await api().call('predict.ahead', { runId: id, steps: aheadSteps.value });
      if (seq === aheadSeq) ahead.value = result;
    } catch (e) {
      if (seq === aheadSeq) report(e, 'Forecasting past the data');
    } finally {
      if (seq === aheadSeq) aheadLoading.value = false;
    }
  }

  /** Backtests the model over the test period with the chosen horizon and origin step. */
  async function runBacktest(): Promise<void> {
    const id = runId.value;
    if (!id) return;
    const seq = ++backtestSeq;
    backtestLoading.value = true;
    try {
      const result = await api().call('predict.backtest', { runId: id, horizon: backtestHorizon.value, step: backtestStep.value });
      if (seq === backtestSeq) backtest.value = result;
    } catch (e) {
      if (seq === backtestSeq) report(e, 'Backtesting the model');
    } finally {
      if (seq === backtestSeq) backtestLoading.value = false;
    }
  }

  function resetWindow(): void {
    cancelPendingWindow();
    window.value = windowOriginal.value.map((row) => [...row]);
    windowPrediction.value = windowBaseline.value;
  }

  return {
    runId,
    forecast,
    forecastLoading,
    rolloutAt,
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
