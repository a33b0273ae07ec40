import { defineStore } from 'pinia';
import { onScopeDispose, ref, shallowRef } from 'vue';
import type { Comparison } from '@common/contract';
import { api } from '../api/client';
import { useAppStore } from './app';
import { base64OfDataUrl, safeFileName } from '../lib/download';
import { useSessionStore } from './session';
import type { ExportFormat } from '@engine-spec/export';

const FORMAT_TITLES: Record<ExportFormat, string> = {
  tfjs: 'TensorFlow.js format + preprocessing',
  keras: 'Keras .keras + preprocessing, predict.py, train.py',
  onnx: 'ONNX + preprocessing, predict.py, train.py',
};

/** A run's per-epoch history (as the backend summarises it for comparisons), for the charts the Export view can save. */
export type EpochCurves = Comparison['curves'][number];

export interface ExportResult {
  kind: 'model' | 'predictions' | 'chart';
  /** What was exported, in words. */
  title: string;
  /** Files written on disk (by the backend or through a native dialog). */
  paths: string[];
  /** In the browser: a link to download what was made here. */
  download?: { url: string; fileName: string };
}

/**
 * Exports of the current run: the model folder, the test predictions as CSV, charts as PNG. In
 * Electron the user picks where through native dialogs; in the browser the backend writes into the
 * run's export folder and the page also offers a download.
 */
export const useExportStore = defineStore('export', () => {
  const results = shallowRef<ExportResult[]>([]);
  const busy = ref<ExportResult['kind'] | null>(null);
  const curves = shallowRef<EpochCurves | null>(null);
  const objectUrls: string[] = [];
  onScopeDispose(() => objectUrls.forEach((u) => URL.revokeObjectURL(u)));

  const report = (thrown: unknown, context: string): void => void useAppStore().report(thrown, context);

  function add(result: ExportResult): ExportResult {
    results.value = [result, ...results.value].slice(0, 20);
    return result;
  }

  async function guarded<T>(kind: ExportResult['kind'], context: string, work: () => Promise<T>): Promise<T | null> {
    busy.value = kind;
    try {
      return await work();
    } catch (e) {
      report(e, context);
      return null;
    } finally {
      busy.value = null;
    }
  }

  function exportModel(runId: string, format: ExportFormat = 'tfjs'): Promise<ExportResult | null> {
    return guarded('model', 'Exporting the model', async () => {
      const desktop = api().desktop;
      let written;
      if (desktop) {
        const dir = await desktop.pickDirectory();
        if (!dir) return null;
        written = await api().call('export.modelTo', { runId, format, dir });
      } else {
        written = await api().call('export.model', { runId, format });
      }
      return add({ kind: 'model', title: `Model of run ${runId} (${FORMAT_TITLES[format]}) in ${written.dir}`, paths: written.files });
    });
  }

  function exportPredictions(runId: string, runName: string): Promise<ExportResult | null> {
    return guarded('predictions', 'Exporting the predictions', async () => {
      const desktop = api().desktop;
      const fileName = safeFileName(`${runName}-predictions`, 'csv');
      let written;
      if (desktop) {
        const path = await desktop.pickSavePath(fileName);
        if (!path) return null;
        written = await api().call('export.predictionsTo', { runId, path });
      } else {
        written = await api().call('export.predictions', { runId });
      }
      let download: ExportResult['download'];
      if (!desktop) {
        const url = URL.createObjectURL(new Blob([written.csv], { type: 'text/csv;charset=utf-8' }));
        objectUrls.push(url);
        download = { url, fileName };
      }
      return add({ kind: 'predictions', title: `Test predictions of run ${runId} as CSV`, paths: [written.path], download });
    });
  }

  /** Saves a chart image (a PNG data URL from echarts' getDataURL). */
  function exportChartPng(dataUrl: string, chartTitle: string): Promise<ExportResult | null> {
    return guarded('chart', 'Exporting the chart', async () => {
      const desktop = api().desktop;
      const fileName = safeFileName(chartTitle, 'png');
      const base64 = base64OfDataUrl(dataUrl);
      if (desktop) {
        const path = await desktop.pickSavePath(fileName);
        if (!path) return null;
        await desktop.saveBytes(path, base64);
        return add({ kind: 'chart', title: `Chart "${chartTitle}" as PNG`, paths: [path] });
      }
      return add({ kind: 'chart', title: `Chart "${chartTitle}" as PNG`, paths: [], download: { url: dataUrl, fileName } });
    });
  }

  async function loadCurves(runId: string): Promise<void> {
    if (curves.value?.runId === runId) return;
    try {
      const { curves: [summary] } = await api().call('compare.runs', { runIds: [runId] });
      if (summary) curves.value = summary;
    } catch (e) {
      report(e, `Reading the training log of run ${runId}`);
    }
  }

  // The list belongs to the dataset: another dataset shows its own exports (download links do not outlive the page).
  useSessionStore().bindView(
    'export',
    {
      read: () => results.value.map(({ kind, title, paths }) => ({ kind, title, paths })),
      restore: (saved) => {
        results.value = Array.isArray(saved) ? (saved as ExportResult[]).filter((r) => r && typeof r.title === 'string' && Array.isArray(r.paths)) : [];
        curves.value = null;
      },
    },
    () => results.value,
  );

  return { results, busy, curves, exportModel, exportPredictions, exportChartPng, loadCurves };
});
