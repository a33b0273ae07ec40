import { defineStore } from 'pinia';
import { LatestRequest } from '../lib/latest-request';
import { computed, onScopeDispose, ref, shallowRef } from 'vue';
import type { DatasetSummary } from '@engine-spec/index';
import type { SeriesData } from '@common/contract';
import { StudioError } from '@common/contract';
import { api } from '../api/client';
import { UploadCancelled } from '../api/http-upload';
import { MAX_UPLOAD_BYTES, readFileAsBase64 } from '../lib/file-base64';
import { useAppStore } from './app';
import { useConfigStore } from './config';
import { useNavigationStore } from './navigation';
import { useSessionStore } from './session';
import { useJobStore } from './job';
import type { DatasetWorkState } from '@common/contract';

export const ROWS_PAGE_SIZE = 200;
/** Points per chart request: the whole series, or a zoomed range of it. */
export const SERIES_POINTS = 4000;

export interface RowsView {
  offset: number;
  total: number;
  columns: string[];
  rows: string[][];
}

/** The open dataset: its summary, the page of rows on screen and the series drawn on the chart. */
export const useDatasetStore = defineStore('dataset', () => {
  const summary = shallowRef<DatasetSummary | null>(null);
  const opening = ref(false);
  const rows = shallowRef<RowsView | null>(null);
  const rowsLoading = ref(false);
  const series = shallowRef<SeriesData | null>(null);
  const seriesLoading = ref(false);
  /** The zoomed range of the chart drawn in detail (null: no zoom, or the overview already holds every row). */
  const seriesDetail = shallowRef<SeriesData | null>(null);
  const detailSeq = new LatestRequest();
  /** The streamed upload in progress (browser host), for the progress bar and its Cancel button. */
  const uploading = shallowRef<{ name: string; sent: number; total: number } | null>(null);
  let uploadAbort: AbortController | null = null;

  const numericColumns = computed(() => summary.value?.columns.filter((c) => c.kind === 'numeric').map((c) => c.name) ?? []);
  const dateColumns = computed(() => summary.value?.columns.filter((c) => c.kind === 'date').map((c) => c.name) ?? []);

  // Opens can overlap (the start-up sample and a file the desktop shell was launched with): the latest wins.
  const openSeq = new LatestRequest();

  async function open(load: () => Promise<DatasetSummary>, context: string): Promise<boolean> {
    const app = useAppStore();
    const ticket = openSeq.start();
    opening.value = true;
    try {
      const opened = await load();
      if (!ticket.current) return false;
      const state = await useSessionStore().stateOf(opened.id);
      if (!ticket.current) return false;
      await show(opened, state);
      app.clearError();
      return true;
    } catch (thrown) {
      if (ticket.current && !(thrown instanceof UploadCancelled)) app.report(thrown, context);
      return false;
    } finally {
      if (ticket.current) opening.value = false;
    }
  }

  /** Makes `opened` the open dataset with its own working state (never the previous dataset's target or choices). */
  async function show(opened: DatasetSummary, state: DatasetWorkState): Promise<void> {
    summary.value = opened;
    rows.value = null;
    series.value = null;
    seriesDetail.value = null;
    detailSeq.cancel();
    await useConfigStore().adoptDataset(opened, state.config);
    useSessionStore().datasetOpened(opened.id, state);
    useJobStore().datasetOpened(opened.sha256);
    await Promise.all([loadRows(0), loadSeries()]);
  }

  /** The dataset the backend's session reopened after a reload or restart. */
  async function resume(opened: DatasetSummary, state: DatasetWorkState | undefined): Promise<void> {
    const ticket = openSeq.start();
    opening.value = true;
    try {
      await show(opened, state ?? { views: {} });
    } finally {
      if (ticket.current) opening.value = false;
    }
  }

  const openSample = () => open(() => api().call('datasets.openSample', {}), 'Opening the sample dataset');
  const openPath = (path: string) => open(() => api().call('datasets.openPath', { path }), `Opening ${path}`);

  async function upload(file: File): Promise<boolean> {
    const uploadFile = api().uploadFile;
    if (uploadFile) return streamUpload(file, uploadFile);
    if (file.size > MAX_UPLOAD_BYTES) {
      useAppStore().report(
        new StudioError('bad_input', `${file.name} is ${(file.size / 1024 / 1024).toFixed(0)} MiB; uploads are limited to ${(MAX_UPLOAD_BYTES / 1024 / 1024).toFixed(0)} MiB. Use the desktop app or the CLI for larger files.`, file.name),
        `Opening ${file.name}`,
      );
      return false;
    }
    return open(async () => api().call('datasets.upload', { name: file.name, base64: await readFileAsBase64(file) }), `Opening ${file.name}`);
  }

  /** The browser host: the file streams to the host's data folder (with progress), then opens from there. */
  async function streamUpload(file: File, uploadFile: NonNullable<ReturnType<typeof api>['uploadFile']>): Promise<boolean> {
    const limit = useAppStore().info?.maxUploadBytes;
    if (limit !== undefined && file.size > limit) {
      const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
      useAppStore().report(
        new StudioError('bad_input', `${file.name} is ${mib(file.size)}, over this host's upload limit of ${mib(limit)}. Start the host with --max-upload-mb N to allow it, or use the desktop app or the CLI.`, file.name),
        `Opening ${file.name}`,
      );
      return false;
    }
    uploadAbort?.abort();
    const abort = new AbortController();
    uploadAbort = abort;
    uploading.value = { name: file.name, sent: 0, total: file.size };
    const load = async (): Promise<DatasetSummary> => {
      try {
        const receipt = await uploadFile(file, {
          signal: abort.signal,
          onProgress: ({ sent, total }) => {
            if (uploadAbort === abort) uploading.value = { name: file.name, sent, total };
          },
        });
        return await api().call('datasets.openUpload', { uploadId: receipt.uploadId, name: receipt.name });
      } finally {
        if (uploadAbort === abort) {
          uploadAbort = null;
          uploading.value = null;
        }
      }
    };
    return open(load, `Opening ${file.name}`);
  }

  /** Stops the upload in progress; the host removes what it had received. */
  function cancelUpload(): void {
    uploadAbort?.abort();
  }

  /** Desktop only: the native open dialog, then the file by path. */
  async function pickAndOpen(): Promise<boolean> {
    const desktop = api().desktop;
    if (!desktop) return false;
    const path = await desktop.pickOpenPath();
    return path ? openPath(path) : false;
  }

  async function loadRows(offset: number): Promise<void> {
    const current = summary.value;
    if (!current) return;
    rowsLoading.value = true;
    try {
      const page = await api().call('datasets.rows', { datasetId: current.id, offset, limit: ROWS_PAGE_SIZE });
      if (summary.value?.id === current.id) rows.value = page;
    } catch (thrown) {
      useAppStore().report(thrown, 'Loading rows');
    } finally {
      rowsLoading.value = false;
    }
  }

  /** One page of rows for the preview table, not kept in the store (the table caches the pages it shows). */
  async function fetchRows(offset: number, limit = ROWS_PAGE_SIZE): Promise<RowsView | null> {
    const current = summary.value;
    if (!current) return null;
    try {
      const page = await api().call('datasets.rows', { datasetId: current.id, offset, limit });
      return summary.value?.id === current.id ? page : null;
    } catch (thrown) {
      useAppStore().report(thrown, 'Loading rows');
      return null;
    }
  }

  /** Loads the columns the chart shows: the config's targets and features. */
  async function loadSeries(): Promise<void> {
    const current = summary.value;
    if (!current) return;
    const config = useConfigStore().config;
    const wanted = [...config.series.target, ...config.series.features].filter((name) => current.columns.some((c) => c.name === name && c.kind === 'numeric'));
    const columns = wanted.length > 0 ? wanted.slice(0, 32) : numericColumns.value.slice(0, 1);
    if (columns.length === 0) {
      series.value = null;
      return;
    }
    seriesLoading.value = true;
    seriesDetail.value = null;
    detailSeq.cancel();
    try {
      const data = await api().call('datasets.series', { datasetId: current.id, columns, maxPoints: SERIES_POINTS });
      if (summary.value?.id === current.id) series.value = data;
    } catch (thrown) {
      useAppStore().report(thrown, 'Drawing the series');
    } finally {
      seriesLoading.value = false;
    }
  }

  /**
   * The chart was zoomed to rows fromRow … toRow - 1: fetch them in detail (the backend downsamples
   * that range alone), or drop the detail when the whole series is in view again.
   */
  async function loadSeriesDetail(range: { fromRow: number; toRow: number } | null): Promise<void> {
    const current = summary.value;
    const overview = series.value;
    const ticket = detailSeq.start();
    if (!current || !overview || !range || overview.x.length >= overview.totalRows) {
      seriesDetail.value = null;
      return;
    }
    try {
      const data = await api().call('datasets.series', { datasetId: current.id, columns: Object.keys(overview.columns), maxPoints: SERIES_POINTS, ...range });
      if (ticket.current && series.value === overview) seriesDetail.value = data;
    } catch (thrown) {
      if (ticket.current) useAppStore().report(thrown, 'Drawing the zoomed series');
    }
  }

  // The desktop shell reports files dropped on the window, opened from its menu or passed at launch.
  const stopOpenFile = api().on('app.openFile', ({ path }) => {
    useNavigationStore().go('data');
    void openPath(path);
  });
  onScopeDispose(stopOpenFile);

  return { summary, opening, uploading, cancelUpload, rows, rowsLoading, series, seriesLoading, seriesDetail, loadSeriesDetail, numericColumns, dateColumns, resume, openSample, openPath, upload, pickAndOpen, loadRows, fetchRows, loadSeries };
});
