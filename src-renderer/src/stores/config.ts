import { defineStore } from 'pinia';
import { LatestRequest } from '../lib/latest-request';
import { computed, ref, shallowRef, watch } from 'vue';
import { RunConfig, type DatasetSummary, type SegmentPreview } from '@engine-spec/index';
import type { ModelDescription } from '@common/contract';
import { api } from '../api/client';
import { defaultRunConfig } from '../lib/default-config';
import { errorsAt, fieldErrorOf, normalisePath, type FieldError } from '../lib/field-errors';
import { useAppStore } from './app';

const VALIDATE_DELAY_MS = 300;

/**
 * The RunConfig being edited: the one document the Data, Model and Train views change together.
 * Every edit is validated (locally by schema at once, then by the backend against the dataset),
 * which also yields the model's shapes and parameter count.
 */
export const useConfigStore = defineStore('config', () => {
  const config = ref<RunConfig>(defaultRunConfig());
  const datasetId = ref<string | null>(null);
  /** What checking the configuration found (the schema here, then the backend against the dataset). */
  const checkErrors = shallowRef<FieldError[]>([]);
  /**
   * Errors another backend call (starting a run, a comparison) reported with the field they concern;
   * they sit next to that field until the configuration is edited.
   */
  const serviceErrors = shallowRef<FieldError[]>([]);
  const errors = computed<FieldError[]>(() => [
    ...checkErrors.value,
    ...serviceErrors.value.filter((e) => !checkErrors.value.some((c) => c.path === e.path && c.message === e.message)),
  ]);
  const description = shallowRef<ModelDescription | null>(null);
  /** The rows and windows each segment really uses, as the engine computed them for this dataset. */
  const segments = shallowRef<SegmentPreview | null>(null);
  const validating = ref(false);
  const validationSeq = new LatestRequest();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const valid = computed(() => errors.value.length === 0);
  const errorsFor = (path: string): FieldError[] => errorsAt(errors.value, path);

  /** Places a backend error at its field (see fieldErrorOf); false when it names no field. */
  function placeError(error: { message: string; field?: string }): boolean {
    const placed = fieldErrorOf(error);
    if (!placed) return false;
    serviceErrors.value = [...serviceErrors.value.filter((e) => e.path !== placed.path), placed];
    return true;
  }

  // Whether `errors` came from the schema check here (cleared at once when it passes) or the backend.
  let errorsAreLocal = false;

  /** The schema check, at once on every edit so a bad field is flagged while the analyst types. */
  function validateLocally(): RunConfig | null {
    const local = RunConfig.safeParse(config.value);
    if (!local.success) {
      validationSeq.cancel(); // an answer to an earlier request no longer applies
      validating.value = false;
      checkErrors.value = local.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      errorsAreLocal = true;
      description.value = null;
      segments.value = null;
      return null;
    }
    if (errorsAreLocal) {
      checkErrors.value = [];
      errorsAreLocal = false;
    }
    return local.data;
  }

  async function validate(): Promise<void> {
    const ticket = validationSeq.start();
    const local = validateLocally();
    if (!local) return;
    validating.value = true;
    try {
      const result = await api().call('config.validate', { datasetId: datasetId.value ?? undefined, config: local });
      if (!ticket.current) return;
      checkErrors.value = result.errors.map((e) => ({ path: normalisePath(e.path), message: e.message }));
      // Shapes of a configuration that no longer applies would mislead.
      if (!result.ok) description.value = null;
      segments.value = result.segments ?? null;
      if (result.description) description.value = result.description;
      else if (result.ok) description.value = await describe(local);
    } catch (thrown) {
      if (ticket.current) useAppStore().report(thrown, 'Checking the configuration');
    } finally {
      if (ticket.current) validating.value = false;
    }
  }

  /** Shapes and parameters straight from the model spec, for backends whose validation omits them. */
  async function describe(valid: RunConfig): Promise<ModelDescription | null> {
    const series = valid.series;
    return api().call('model.describe', {
      model: valid.model,
      window: valid.window,
      inputFeatures: series.target.length + series.features.length,
      targets: series.target.length,
    });
  }

  function scheduleValidation(): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void validate();
    }, VALIDATE_DELAY_MS);
  }

  watch(
    config,
    () => {
      // An edit is the answer to a reported problem: the next check says whether it still stands.
      if (serviceErrors.value.length > 0) serviceErrors.value = [];
      if (validateLocally()) scheduleValidation();
      else if (timer) {
        clearTimeout(timer);
        timer = null;
      }
    },
    { deep: true },
  );

  /**
   * A dataset was opened: its own saved configuration when it has one, else the engine's defaults for
   * the target the engine suggests. Nothing of the previous dataset's configuration carries over.
   */
  async function adoptDataset(summary: DatasetSummary, saved?: unknown): Promise<void> {
    datasetId.value = summary.id;
    segments.value = null;
    serviceErrors.value = [];
    const restored = saved === undefined ? null : RunConfig.safeParse(saved);
    if (restored?.success) {
      config.value = restored.data;
      return;
    }
    const numeric = summary.columns.filter((c) => c.kind === 'numeric').map((c) => c.name);
    const target = summary.suggestedTarget ? [summary.suggestedTarget] : numeric.slice(0, 1);
    if (target.length === 0) {
      checkErrors.value = [{ path: 'series.target', message: `${summary.name} has no numeric column to forecast.` }];
      return;
    }
    await applySuggestion(summary, target);
  }

  /** Re-asks the engine for defaults after the target changed (lookback, season, split…). */
  async function applySuggestion(summary: DatasetSummary, target: string[]): Promise<void> {
    try {
      config.value = await api().call('config.suggest', { datasetId: summary.id, target });
    } catch (thrown) {
      useAppStore().report(thrown, 'Suggesting defaults for this dataset');
      const fallback = defaultRunConfig(target[0]);
      fallback.series.target = target;
      fallback.series.date = summary.dateColumn;
      config.value = fallback;
    }
  }

  function replace(next: RunConfig): void {
    config.value = next;
  }

  return { config, datasetId, errors, placeError, description, segments, validating, valid, errorsFor, validate, adoptDataset, applySuggestion, replace };
});
