/**
 * Trained models loaded for predictions, least recently used first out. A model is keyed by run and
 * by the modification time of its model.json, so a checkpoint written by a still-training run is
 * picked up on the next request. Evicted models are disposed (their weights are tensors) — but only
 * once no request is still predicting with them, since several views ask for forecasts at once.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { apiError } from '../common/contract';
import type { PreprocessingRecord } from '../engine/data';
import { loadModelDir } from '../engine/export';

export interface LoadedModel {
  model: tf.LayersModel;
  preprocessing: PreprocessingRecord;
}

interface Entry {
  stamp: number;
  loading: Promise<LoadedModel>;
  users: number;
  evicted: boolean;
}

export class ModelCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 3) {}

  /** Runs `use` with the run's model, which stays alive until `use` settles. */
  async with<T>(runId: string, modelDir: string, use: (loaded: LoadedModel) => T | Promise<T>): Promise<T> {
    const entry = await this.entryFor(runId, modelDir);
    entry.users++;
    try {
      return await use(await entry.loading);
    } finally {
      entry.users--;
      if (entry.evicted && entry.users === 0) disposeWhenLoaded(entry);
    }
  }

  evict(runId: string): void {
    const entry = this.entries.get(runId);
    if (!entry) return;
    this.entries.delete(runId);
    entry.evicted = true;
    if (entry.users === 0) disposeWhenLoaded(entry);
  }

  clear(): void {
    for (const runId of [...this.entries.keys()]) this.evict(runId);
  }

  /** Loaded models in the cache (for tests and diagnostics). */
  size(): number {
    return this.entries.size;
  }

  private async entryFor(runId: string, modelDir: string): Promise<Entry> {
    const info = await stat(join(modelDir, 'model.json')).catch(() => undefined);
    if (!info) {
      throw apiError('not_found', `run ${runId} has no saved model yet (a model is saved after the first epoch that improves validation loss)`, 'runId');
    }
    const cached = this.entries.get(runId);
    if (cached && cached.stamp === info.mtimeMs) {
      this.entries.delete(runId);
      this.entries.set(runId, cached);
      return cached;
    }
    if (cached) this.evict(runId);
    const entry: Entry = { stamp: info.mtimeMs, loading: loadModelDir(modelDir), users: 0, evicted: false };
    this.entries.set(runId, entry);
    entry.loading.catch(() => {
      if (this.entries.get(runId) === entry) this.entries.delete(runId);
    });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.evict(oldest);
    }
    return entry;
  }
}

function disposeWhenLoaded(entry: Entry): void {
  entry.loading.then((loaded) => loaded.model.dispose()).catch(() => undefined);
}
