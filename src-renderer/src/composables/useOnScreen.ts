import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/**
 * Whether any of `element` is inside the window's visible area (after its scrolling containers'
 * clipping): a chart scrolled out of sight need not redraw. True until the first observation, and
 * wherever IntersectionObserver does not exist. `changed` runs after each change.
 */
export function useOnScreen(element: Ref<Element | null>, changed: (onScreen: boolean) => void): Readonly<Ref<boolean>> {
  const onScreen = ref(true);
  let observer: IntersectionObserver | null = null;
  onMounted(() => {
    if (!element.value || typeof IntersectionObserver !== 'function') return;
    observer = new IntersectionObserver((entries) => {
      const now = entries[entries.length - 1].isIntersecting;
      if (now === onScreen.value) return;
      onScreen.value = now;
      changed(now);
    });
    observer.observe(element.value);
  });
  onBeforeUnmount(() => observer?.disconnect());
  return onScreen;
}
