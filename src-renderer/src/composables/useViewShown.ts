import { inject, provide, readonly, ref, watch, type InjectionKey, type Ref } from 'vue';

/**
 * Whether the view a component belongs to is on screen. Views stay mounted while hidden (ViewStack),
 * some mounted ahead of their first visit; a hidden view keeps its elements but should not spend
 * the page's time following live data. Outside a view (a unit test) a component counts as shown.
 */
const VIEW_SHOWN: InjectionKey<Readonly<Ref<boolean>>> = Symbol('view shown');
const ALWAYS_SHOWN = readonly(ref(true));

export function provideViewShown(shown: Readonly<Ref<boolean>>): void {
  provide(VIEW_SHOWN, shown);
}

export function useViewShown(): Readonly<Ref<boolean>> {
  return inject(VIEW_SHOWN, ALWAYS_SHOWN);
}

/** Runs `shown` each time the view comes on screen again (its elements are back in the page), `hidden` when it leaves. */
export function onViewShownChange(handlers: { shown?: () => void; hidden?: () => void }): void {
  watch(useViewShown(), (isShown) => (isShown ? handlers.shown?.() : handlers.hidden?.()), { flush: 'post' });
}
