import { defineStore } from 'pinia';
import { onScopeDispose, ref } from 'vue';
import { isViewId, type ViewId } from '../lib/views';
import { afterNextPaint } from '../lib/after-next-paint';

function viewFromHash(): ViewId {
  const id = window.location.hash.replace(/^#\/?/, '');
  return isViewId(id) ? id : 'data';
}

/** Which view is on screen, mirrored in the address hash so a reload keeps the place. */
export const useNavigationStore = defineStore('navigation', () => {
  const current = ref<ViewId>(viewFromHash());

  function go(view: ViewId): void {
    current.value = view;
    // After the view is painted: Chromium's replaceState is a few ms of the switch's own task.
    afterNextPaint(() => {
      if (current.value === view && window.location.hash !== `#${view}`) window.history.replaceState(window.history.state, '', `#${view}`);
    });
  }

  const onHashChange = () => (current.value = viewFromHash());
  window.addEventListener('hashchange', onHashChange);
  onScopeDispose(() => window.removeEventListener('hashchange', onHashChange));

  return { current, go };
});
