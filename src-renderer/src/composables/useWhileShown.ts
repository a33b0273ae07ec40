import { computed, onActivated, onDeactivated, ref, type ComputedRef } from 'vue';

/**
 * Whether the component's view is on screen: views are kept alive while hidden (AppShell's
 * KeepAlive), and a hidden view should not spend the page's time following live data.
 */
export function useShown(): { readonly value: boolean } {
  const shown = ref(true);
  onActivated(() => (shown.value = true));
  onDeactivated(() => (shown.value = false));
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
