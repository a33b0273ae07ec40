/**
 * The datasets the user has open in this session: id → loaded Table plus the file on disk that a run
 * will read (an opened path, the bundled sample, or an upload saved into dataDir under its content
 * hash so a run can be re-run after the browser tab is gone).
 */
import { createHash } from 'node:crypto';
import { rename, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { loadTableFile, type Table } from '../engine/data';
import type { DatasetSummary } from '../engine/spec';
import { apiError } from '../common/contract';
import { makeDirs } from '../engine/run';

export interface OpenDataset {
  id: string;
  table: Table;
  /** The file a training worker reads. */
  path: string;
}

/** Tables can be large: keep the most recently opened few, the rest are reopened from disk on demand. */
const MAX_OPEN = 12;

export class DatasetRegistry {
  private readonly open = new Map<string, OpenDataset>();

  constructor(private readonly dataDir: string) {}

  async openPath(path: string): Promise<OpenDataset> {
    const absolute = resolve(path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw apiError('not_found', `no file at ${absolute}; check the path`, 'path');
    if (!info.isFile()) throw apiError('bad_input', `${absolute} is a folder, not a data file; pick a .csv, .tsv, .json, .xlsx or .parquet file`, 'path');
    const table = await loadTableFile(absolute);
    return this.register(table, absolute);
  }

  /** Saves the bytes as dataDir/<sha256 prefix>/<file name>, keeping the name so messages mention it. */
  async upload(name: string, base64: string): Promise<OpenDataset> {
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length === 0) throw apiError('bad_input', `${name} is empty (0 bytes); pick a file with data`, 'base64');
    const digest = createHash('sha256').update(bytes).digest('hex');
    const folder = join(this.dataDir, digest.slice(0, 16));
    const path = join(folder, safeFileName(name));
    if (!(await stat(path).catch(() => undefined))) {
      await makeDirs(folder, { what: 'data folder' });
      const temp = `${path}.${process.pid}.tmp`;
      await writeFile(temp, bytes);
      await rename(temp, path);
    }
    const table = await loadTableFile(path);
    return this.register(table, path);
  }

  /** Opens a file the streamed upload saved (service/upload-store.ts) as dataDir/<uploadId>/<name>. */
  async openUpload(uploadId: string, name: string): Promise<OpenDataset> {
    const path = join(this.dataDir, uploadId, safeFileName(name));
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) throw apiError('not_found', `the upload ${uploadId} (${safeFileName(name)}) is not in the data folder; upload the file again`, 'uploadId');
    const table = await loadTableFile(path);
    return this.register(table, path);
  }

  /** Opens a file a run was trained on; reuses an open dataset with that path and content. */
  async openForRun(path: string, sha256: string): Promise<OpenDataset> {
    for (const entry of this.open.values()) {
      if (entry.path === path && entry.table.sha256 === sha256) return entry;
    }
    const info = await stat(path).catch(() => undefined);
    if (!info) throw apiError('not_found', `the run's data file ${path} is gone; put it back to use this run`, 'data.path');
    const table = await loadTableFile(path);
    if (table.sha256 !== sha256) {
      throw apiError('conflict', `the run's data file ${path} changed since training (content hash differs); restore the original file`, 'data.sha256');
    }
    return this.register(table, path);
  }

  get(id: string): OpenDataset {
    const entry = this.open.get(id);
    if (!entry) throw apiError('not_found', `dataset ${id} is not open (it may have been closed to save memory); open the file again`, 'datasetId');
    return entry;
  }

  summary(entry: OpenDataset): DatasetSummary {
    return { ...entry.table.summary, id: entry.id, name: entry.table.name, path: entry.path, sha256: entry.table.sha256 };
  }

  private register(table: Table, path: string): OpenDataset {
    const id = `ds-${table.sha256.slice(0, 16)}`;
    this.open.delete(id);
    const entry = { id, table, path };
    this.open.set(id, entry);
    while (this.open.size > MAX_OPEN) {
      const oldest = this.open.keys().next().value;
      if (oldest === undefined) break;
      this.open.delete(oldest);
    }
    return entry;
  }
}

/** A name that cannot escape its folder or trip a file system: base name, plain characters only. */
export function safeFileName(name: string): string {
  const base = basename(name.replace(/\\/g, '/'));
  const cleaned = base.replace(/[^\w.\- ]+/g, '_').replace(/^\.+/, '');
  return cleaned.length ? cleaned.slice(0, 200) : 'upload.csv';
}
