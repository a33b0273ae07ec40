import { defineStore } from 'pinia';
import { onScopeDispose, ref } from 'vue';
import { isViewId, type ViewId } from '../lib/views';

function viewFromHash(): ViewId {
  const id = window.location.hash.replace(/^#\/?/, '');
  return isViewId(id) ? id : 'data';
}

/** Which view is on screen, mirrored in the address hash so a reload keeps the place. */
export const useNavigationStore = defineStore('navigation', () => {
  const current = ref<ViewId>(viewFromHash());

  function go(view: ViewId): void {
    current.value = view;
    if (window.location.hash !== `#${view}`) window.history.replaceState(window.history.state, '', `#${view}`);
  }

  const onHashChange = () => (current.value = viewFromHash());
  window.addEventListener('hashchange', onHashChange);
  onScopeDispose(() => window.removeEventListener('hashchange', onHashChange));

  return { current, go };
});
