import { defineStore } from 'pinia';
import { computed, onScopeDispose, ref } from 'vue';
import type { AppInfo } from '@common/contract';
import { api, type ConnectionState } from '../api/client';
import { toStudioError } from '../api/errors';
import { useConfigStore } from './config';

export type ThemeName = 'light' | 'dark';

export interface ShownError {
  /** What the user was doing, e.g. "Opening the file". */
  context: string;
  message: string;
  where?: string;
  /** The run-config field it concerns, where the message also sits (next to that input). */
  field?: string;
  code: string;
  at: number;
}

const THEME_KEY = 'rnn-studio.theme';

function initialTheme(): ThemeName {
  const saved = window.localStorage.getItem(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** App-wide state: what the backend is, the theme, the connection, and the last error to show. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const theme = ref<ThemeName>(initialTheme());
  const lastError = ref<ShownError | null>(null);
  const connection = ref<ConnectionState>('open');

  const stopWatchingConnection = api().onConnectionChange((state) => (connection.value = state));
  onScopeDispose(stopWatchingConnection);

  const backendWarning = computed(() => {
    const backend = info.value?.backend;
    if (!backend || backend.native) return null;
    const why = backend.fallbackReason ? ` because ${backend.fallbackReason.replace(/\.$/, '')}` : ' (the backend gave no reason; was RNN_STUDIO_BACKEND set?)';
    return `Training runs on the ${backend.name} backend, not native TensorFlow${why}. It works, but is much slower.`;
  });

  const backendLabel = computed(() => {
    const backend = info.value?.backend;
    if (!backend) return 'backend: …';
    return backend.native && backend.tensorflowVersion ? `${backend.name} ${backend.tensorflowVersion}` : backend.name;
  });

  async function load(): Promise<void> {
    try {
      info.value = await api().call('app.info', {});
    } catch (thrown) {
      report(thrown, 'Connecting to the backend');
    }
  }

  function toggleTheme(): void {
    theme.value = theme.value === 'dark' ? 'light' : 'dark';
    window.localStorage.setItem(THEME_KEY, theme.value);
  }

  /** Records a failure for the error area; returns it so callers can also show it inline. */
  function report(thrown: unknown, context: string): ShownError {
    const error = toStudioError(thrown);
    const shown: ShownError = { context, message: error.message, where: error.where, field: error.field, code: error.code, at: Date.now() };
    if (error.field) useConfigStore().placeError(error);
    lastError.value = shown;
    return shown;
  }

  function clearError(): void {
    lastError.value = null;
  }

  return { info, theme, lastError, connection, backendWarning, backendLabel, load, toggleTheme, report, clearError };
});
