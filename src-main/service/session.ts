/**
 * session.* — the working session (open dataset, view, current run, and per dataset the configuration
 * and each view's choices), kept in dataDir/session.json so a reload or a restart picks up the work.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { DatasetWorkState, type WorkSession } from '../common/contract';
import { writeFileAtomic } from '../engine/run';
import type { ServiceContext } from './context';
import { toStudioError } from './errors';
import type { Handlers } from './handler-table';

type SessionMethods = 'session.get' | 'session.save' | 'session.datasetState';

/** Working states of this many datasets are kept (the most recently used). */
const MAX_DATASETS = 50;

const SessionFile = z.object({
  version: z.literal(1),
  dataset: z.object({ id: z.string(), path: z.string(), sha256: z.string() }).optional(),
  view: z.string().optional(),
  runId: z.string().optional(),
  /** dataset id → its working state, most recently used last. */
  datasets: z.record(z.string(), DatasetWorkState).default({}),
});
type SessionFile = z.infer<typeof SessionFile>;

const EMPTY: SessionFile = { version: 1, datasets: {} };

export class SessionStore {
  private cached: SessionFile | null = null;
  /** Saves run one after another, so two quick edits cannot interleave their writes. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly path: string) {}

  async read(): Promise<SessionFile> {
    if (this.cached) return this.cached;
    try {
      const parsed = SessionFile.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
      this.cached = parsed.success ? parsed.data : { ...EMPTY };
      if (!parsed.success) console.warn(`[session] ${this.path} is not a session this version reads; starting a new one`);
    } catch {
      this.cached = { ...EMPTY, datasets: {} };
    }
    return this.cached;
  }

  update(change: (session: SessionFile) => void): Promise<void> {
    const next = this.queue.then(async () => {
      const session = await this.read();
      change(session);
      const ids = Object.keys(session.datasets);
      for (const id of ids.slice(0, Math.max(0, ids.length - MAX_DATASETS))) delete session.datasets[id];
      await mkdir(dirname(this.path), { recursive: true });
      await writeFileAtomic(this.path, JSON.stringify(session));
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}

export function sessionHandlers(ctx: ServiceContext): Handlers<SessionMethods> {
  const store = new SessionStore(join(ctx.options.dataDir, 'session.json'));
  return {
    'session.get': async () => {
      const saved = await store.read();
      const session: WorkSession = { view: saved.view, runId: saved.runId };
      if (saved.dataset) {
        try {
          const entry = await ctx.datasets.openForRun(saved.dataset.path, saved.dataset.sha256);
          session.dataset = ctx.datasets.summary(entry);
          session.state = saved.datasets[entry.id];
        } catch (err) {
          session.datasetProblem = `The dataset open last time (${saved.dataset.path}) could not be reopened: ${toStudioError(err).message}`;
        }
      }
      return session;
    },

    'session.save': async ({ datasetId, view, runId, state }) => {
      const entry = datasetId ? ctx.datasets.get(datasetId) : undefined;
      await store.update((session) => {
        if (entry) session.dataset = { id: entry.id, path: entry.path, sha256: entry.table.sha256 };
        if (view !== undefined) session.view = view;
        if (runId === null) delete session.runId;
        else if (runId !== undefined) session.runId = runId;
        if (state) {
          // Re-inserted so the most recently used dataset is last (the oldest are dropped first).
          delete session.datasets[state.datasetId];
          session.datasets[state.datasetId] = state.value;
        }
      });
      return { ok: true as const };
    },

    'session.datasetState': async ({ datasetId }) => (await store.read()).datasets[datasetId] ?? { views: {} },
  };
}
