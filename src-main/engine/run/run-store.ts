import { readFileSync } from 'node:fs';
/**
 * The run store: one folder per run under a root directory.
 *
 *   <root>/<run-id>/run.json         RunRecord, replaced atomically on every change
 *                   metrics.ndjson   TrainingEvent per line, append-only
 *                   model/           best model so far (model.json, weights.bin, preprocessing.json)
 *                   export/          what the user exported
 *
 * Nothing in a damaged or foreign folder is fatal: listing reports it and moves on.
 */
import { existsSync } from 'node:fs';
import { lstat, readFile, readdir, rename, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { isActiveStatus, RunRecord, recurrentCoreFor, runTitle, type BackendInfo, type RecurrentCoreId, type RecurrentKernel, type RunConfig, type RunStatus, type TrainingEvent } from '../spec';
import { requestedRecurrentCore } from '../model/requested-core';
import { fsyncDir, writeFileAtomic } from './atomic-write';
import { makeDirs } from './make-dirs';
import { downsampleBatches, EventLogWriter, lastEpoch, parseEventLog } from './event-log';
import { RunStoreError } from './run-errors';
import { recoverReplacedDir } from './replace-dir';
import { isSafeRunId, newRunId } from './run-id';
import { runVersions } from './versions';

export const RUN_FILE = 'run.json';
export const METRICS_FILE = 'metrics.ndjson';
export const MODEL_DIR = 'model';
export const EXPORT_DIR = 'export';
/** Deleted runs, inside the runs folder (hidden, so listing skips it); move a folder back to restore it. */
export const TRASH_DIR = '.trash';

export type RunData = RunRecord['data'];

export interface CreateRunOptions {
  /** Use this id (the folder name) instead of a generated one; the folder may exist but must hold no run. */
  id?: string;
  name?: string;
  group?: string;
  tags?: string[];
  status?: RunStatus;
  pid?: number;
  /** The recurrent core that trains the run, when the caller knows it (else derived from config and backend). */
  recurrentCore?: RecurrentCoreId;
  /** A SimpleRNN on the fused core: the kernel that computes its recurrence. */
  recurrentKernel?: RecurrentKernel;
}

export type RunPatch = Partial<Omit<RunRecord, 'version' | 'id' | 'createdAt'>>;
export type UserPatch = Partial<Pick<RunRecord, 'name' | 'tags' | 'notes'>>;

export interface RunListingResult {
  runs: RunRecord[];
  skipped: { folder: string; reason: string }[];
}

export class RunStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The store and id for a run that must live at exactly `runDir` (the CLI's `--out`). */
  static forRunDir(runDir: string): { store: RunStore; id: string } {
    const full = resolve(runDir);
    return { store: new RunStore(dirname(full)), id: basename(full) };
  }

  dirOf(id: string): string {
    if (!isSafeRunId(id)) throw new RunStoreError('bad_input', `'${id}' is not a valid run id`);
    return join(this.root, id);
  }

  async create(config: RunConfig, data: RunData, backend: BackendInfo, opts: CreateRunOptions = {}): Promise<RunHandle> {
    const id = opts.id ?? newRunId(config.model.cell);
    const dir = this.dirOf(id);
    if (existsSync(join(dir, RUN_FILE))) {
      throw new RunStoreError('conflict', `${dir} already holds a run (run.json exists); choose another folder or delete that run`);
    }
    await makeDirs(dir);
    await fsyncDir(this.root);
    const now = new Date().toISOString();
    const record: RunRecord = {
      version: 1,
      id,
      name: opts.name ?? config.name ?? runTitle(config, data.name, new Date(now)),
      tags: opts.tags ?? [],
      notes: '',
      createdAt: now,
      updatedAt: now,
      status: opts.status ?? 'queued',
      config,
      data,
      backend,
      recurrentCore: opts.recurrentCore ?? recurrentCoreFor(backend.name, config.model, requestedRecurrentCore()),
      versions: runVersions(backend),
      recurrentKernel: opts.recurrentKernel,
      pid: opts.pid,
      group: opts.group,
    };
    await writeFileAtomic(join(dir, RUN_FILE), recordJson(record));
    return new RunHandle(dir, record);
  }

  /** Opens an existing run for writing (the worker continuing a run the service created). */
  async open(id: string): Promise<RunHandle> {
    const dir = this.dirOf(id);
    const record = await readRecord(dir);
    await recoverModelDir(dir, record);
    return new RunHandle(dir, record);
  }

  async get(id: string): Promise<RunRecord> {
    const dir = this.dirOf(id);
    const record = await readRecord(dir);
    await recoverModelDir(dir, record);
    return record;
  }

  async list(): Promise<RunListingResult> {
    const runs: RunRecord[] = [];
    const skipped: { folder: string; reason: string }[] = [];
    let entries;
    try {
      entries = await readdir(this.root, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { runs, skipped };
      throw err;
    }
    for (const entry of entries) {
      // Files beside the runs (comparison.json, …) and hidden folders (temp, trash) are not runs.
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const dir = join(this.root, entry.name);
      try {
        runs.push(await this.reconcile(dir, await readRecord(dir)));
      } catch (err) {
        skipped.push({ folder: entry.name, reason: err instanceof Error ? err.message : String(err) });
      }
    }
    runs.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
    return { runs, skipped };
  }

  async readEvents(id: string, opts: { maxBatchPoints?: number } = {}): Promise<{ events: TrainingEvent[]; totalBatches: number; badLines: number }> {
    const dir = this.dirOf(id);
    await readRecord(dir);
    const { events, badLines } = await readEventFile(dir);
    const sampled = downsampleBatches(events, opts.maxBatchPoints ?? 5000);
    return { ...sampled, badLines };
  }

  async update(id: string, patch: UserPatch): Promise<RunRecord> {
    const handle = await this.open(id);
    const clean: UserPatch = {};
    if (patch.name !== undefined) clean.name = patch.name;
    if (patch.tags !== undefined) clean.tags = patch.tags;
    if (patch.notes !== undefined) clean.notes = patch.notes;
    return handle.update(clean);
  }

  /**
   * Deletes a run: only a real folder (not a link) directly in the root whose run.json is a valid
   * record of this run. Anything else named by the id — a plain file, a foreign folder, a damaged
   * run — is refused, never removed. `trash` moves it to the OS trash (Electron's shell.trashItem);
   * without it the folder goes to `<root>/.trash/<id>-<time>`, from where it can be moved back.
   */
  async delete(id: string, opts: { trash?: (dir: string) => Promise<void> } = {}): Promise<{ trashedTo?: string }> {
    const dir = this.dirOf(id);
    const info = await lstat(dir).catch(() => undefined);
    if (!info) throw new RunStoreError('not_found', `no run '${id}' in ${this.root}`);
    if (!info.isDirectory()) {
      throw new RunStoreError('bad_input', `'${id}' in ${this.root} is ${info.isSymbolicLink() ? 'a link' : 'a file'}, not a run folder; only runs are deleted here`);
    }
    let record: RunRecord;
    try {
      record = await readRecord(dir);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new RunStoreError('bad_input', `'${id}' is not a run this app wrote (${why}); it was left untouched`);
    }
    if (record.id !== id) {
      throw new RunStoreError('bad_input', `'${id}' holds the record of run '${record.id}' (a copied folder?); it was left untouched`);
    }
    if (isLive(record)) {
      throw new RunStoreError('conflict', `run '${id}' is still training (process ${record.pid}); stop it before deleting it`);
    }
    if (opts.trash) {
      await opts.trash(dir);
      await fsyncDir(this.root);
      return {};
    }
    const trashDir = join(this.root, TRASH_DIR);
    await makeDirs(trashDir);
    const trashedTo = join(trashDir, `${id}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    await rename(dir, trashedTo);
    await fsyncDir(this.root);
    return { trashedTo };
  }

  /** A record left unfinished by a process that no longer exists was interrupted. */
  private async reconcile(dir: string, record: RunRecord): Promise<RunRecord> {
    await recoverModelDir(dir, record);
    const unfinished = record.status === 'running' || record.status === 'paused' || (record.status === 'queued' && record.pid !== undefined);
    if (!unfinished || isLive(record)) return record;
    const { events } = await readEventFile(dir);
    const epoch = lastEpoch(events);
    const handle = new RunHandle(dir, record);
    return handle.update({
      status: 'interrupted',
      pid: undefined,
      message:
        `interrupted: the process training this run (pid ${record.pid ?? 'unknown'}) ended without finishing it; ` +
        (epoch > 0 ? `everything logged up to epoch ${epoch} is kept` : 'it stopped before the first epoch finished'),
    });
  }
}

/** Writes to one run: its record and its event log. Held by whoever trains the run. */
export class RunHandle {
  readonly id: string;
  private log: EventLogWriter | undefined;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    private current: RunRecord,
  ) {
    this.id = current.id;
  }

  get record(): RunRecord {
    return this.current;
  }
  get modelDir(): string {
    return join(this.dir, MODEL_DIR);
  }
  get exportDir(): string {
    return join(this.dir, EXPORT_DIR);
  }
  get metricsPath(): string {
    return join(this.dir, METRICS_FILE);
  }

  appendEvent(event: TrainingEvent): void {
    this.log ??= new EventLogWriter(this.metricsPath);
    this.log.append(event);
  }

  /** Writes buffered batch lines now. */
  flush(): void {
    this.log?.flush();
  }

  /**
   * Merges a patch into the record and replaces run.json atomically. The record on disk is re-read
   * first so a rename or note made by another process meanwhile is not lost.
   */
  update(patch: RunPatch): Promise<RunRecord> {
    const next = this.writes.then(async () => {
      const onDisk = await readRecord(this.dir).catch(() => this.current);
      const merged: RunRecord = { ...onDisk, ...patch, updatedAt: new Date().toISOString() };
      for (const key of Object.keys(patch) as (keyof RunPatch)[]) {
        if (patch[key] === undefined) delete merged[key];
      }
      const record = RunRecord.parse(merged);
      await writeFileAtomic(join(this.dir, RUN_FILE), recordJson(record));
      this.current = record;
      return record;
    });
    this.writes = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.log?.close();
    this.log = undefined;
  }
}

/**
 * Puts back the model a process killed in the middle of a checkpoint swap left aside. A run whose
 * trainer is alive is left alone: it finishes its own swap.
 */
export async function recoverModelDir(dir: string, record?: RunRecord): Promise<void> {
  const owner = record ?? (await readRecord(dir).catch(() => undefined));
  if (owner && isLive(owner)) return;
  await recoverReplacedDir(join(dir, MODEL_DIR));
}

/** Reads and validates run.json, with a message that says what is wrong with the folder. */
export async function readRecord(dir: string): Promise<RunRecord> {
  const path = join(dir, RUN_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      const isDir = await stat(dir).then((s) => s.isDirectory()).catch(() => false);
      throw new RunStoreError('not_found', isDir ? `not a run folder: ${path} is missing` : `no run at ${dir}`);
    }
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new RunStoreError('bad_input', `${path} is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = RunRecord.safeParse(json);
  if (!parsed.success) throw new RunStoreError('bad_input', `${path} is not a run record: ${describeZodIssue(parsed.error)}`);
  return parsed.data;
}

async function readEventFile(dir: string): Promise<ReturnType<typeof parseEventLog>> {
  try {
    return parseEventLog(await readFile(join(dir, METRICS_FILE), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { events: [], badLines: 0 };
    throw err;
  }
}

function describeZodIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.join('.') || '(root)';
  return `${path}: ${issue?.message ?? 'invalid'}`;
}

function recordJson(record: RunRecord): string {
  return JSON.stringify(record, null, 2) + '\n';
}

/** Whether the run is unfinished and the process recorded as owning it still exists. */
export function isLive(record: RunRecord): boolean {
  if (record.pid === undefined || !isActiveStatus(record.status)) return false;
  return isProcessAlive(record.pid);
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A killed worker whose parent died may linger as a zombie until something reaps it (a container
 * without an init process never does); signal 0 still reaches it, but it trains nothing.
 */
function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state letter follows the command name, which is in parentheses and may contain spaces.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}
