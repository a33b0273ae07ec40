import { computed, ref, type ComputedRef } from 'vue';
import { cancelChartUpdate, queueChartUpdate } from '../lib/chart-queue';
import { onViewShownChange, useViewShown } from './useViewShown';

/**
 * Whether the component's view is on screen, for live data: views stay mounted while hidden
 * (ViewStack), and a hidden view should not spend the page's time following live data.
 * It turns true again after the view's first paint, in the chart queue's turn (the view appears at
 * once, with what it showed when it was left; catching up comes right after, in a task of its own).
 */
export function useShown(): { readonly value: boolean } {
  const shown = ref(useViewShown().value);
  const owner = {};
  onViewShownChange({
    shown: () => {
      if (!shown.value) queueChartUpdate(owner, () => (shown.value = true));
    },
    hidden: () => {
      cancelChartUpdate(owner);
      shown.value = false;
    },
  });
  return shown;
}

/**
 * `computed(make)` that stops following its sources while the view is hidden: it keeps its last
 * value (so nothing re-renders behind the user's back, e.g. a chart option rebuilt per training
 * batch) and is computed once, from the latest data, when the view is shown again.
 */
export function computedWhileShown<T>(make: () => T): ComputedRef<T> {
  const shown = useShown();
  let last: { value: T } | null = null;
  return computed(() => {
    if (!shown.value && last) return last.value;
    last = { value: make() };
    return last.value;
  });
}
