import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { getPriority, constants } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../../src-main/engine/run';
import { RunConfig, RunRecord, TrainingEvent, type RunConfigInput } from '../../../src-main/engine/spec';
import { TrainingProcess } from '../../../src-main/worker';
import { sessionOfStat } from '../../../src-main/worker/worker-priority';
import { autogroupOf, SAMPLE_CSV, tempDir, threadNiceValues } from './harness';

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('worker');
});
afterAll(async () => {
  await dir.remove();
});

/** Many cheap epochs: long enough to act on mid-training, each epoch quick. */
function config(overrides: Partial<RunConfigInput['train']> = {}): RunConfig {
  return RunConfig.parse({
    series: { target: ['Passengers'], date: 'Month', transforms: [{ kind: 'log' }] },
    window: { lookback: 12 },
    model: { cell: 'gru', layers: [{ units: 4 }] },
    train: { epochs: 500, batchSize: 64, seed: 3, earlyStopping: null, ...overrides },
  });
}

const readRecord = async (runDir: string): Promise<RunRecord> => RunRecord.parse(JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8')));
const readLog = async (runDir: string): Promise<TrainingEvent[]> =>
  (await readFile(join(runDir, 'metrics.ndjson'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => TrainingEvent.parse(JSON.parse(l)));

/** Resolves when `predicate` holds for an event the process reports. */
function waitForEvent(events: TrainingEvent[], listeners: ((e: TrainingEvent) => void)[], predicate: (e: TrainingEvent) => boolean): Promise<TrainingEvent> {
  const seen = events.find(predicate);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => {
    const listener = (e: TrainingEvent): void => {
      if (!predicate(e)) return;
      listeners.splice(listeners.indexOf(listener), 1);
      resolve(e);
    };
    listeners.push(listener);
  });
}

/** Polls a file-backed condition (the worker writes run.json asynchronously), bounded in time. */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, limitMs = 20_000): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function trainer(runDir: string, cfg: RunConfig, extra: Partial<ConstructorParameters<typeof TrainingProcess>[0]> = {}) {
  const events: TrainingEvent[] = [];
  const listeners: ((e: TrainingEvent) => void)[] = [];
  const process = new TrainingProcess({
    runDir,
    dataPath: SAMPLE_CSV,
    config: cfg,
    onEvent: (e) => {
      events.push(e);
      for (const l of [...listeners]) l(e);
    },
    ...extra,
  }).start();
  return { process, events, next: (p: (e: TrainingEvent) => boolean) => waitForEvent(events, listeners, p) };
}

describe('TrainingProcess and the training worker', () => {
  it('pauses, resumes and stops through the protocol, keeping the best model', async () => {
    const runDir = join(dir.path, 'controlled');
    const t = trainer(runDir, config());
    await t.next((e) => e.type === 'epoch');
    expect((await readRecord(runDir)).pid).toBe(t.process.pid);
    t.process.pause();
    await t.next((e) => e.type === 'status' && e.status === 'paused');
    await eventually(() => readRecord(runDir), (r) => r.status === 'paused', 'run.json to say paused');
    const epochsWhenPaused = t.events.filter((e) => e.type === 'epoch').length;
    t.process.resume();
    await t.next((e) => e.type === 'status' && e.status === 'running');
    await t.next((e) => e.type === 'epoch' && t.events.filter((x) => x.type === 'epoch').length > epochsWhenPaused);
    t.process.stop();
    const outcome = await t.process.finished;
    expect(outcome).toMatchObject({ status: 'stopped', crashed: false });
    expect(outcome.backend?.name).toMatch(/tensorflow|wasm|cpu/);
    const record = await readRecord(runDir);
    expect(record.status).toBe('stopped');
    expect(record.pid).toBeUndefined();
    expect(record.summary?.epochs).toBeLessThan(500);
    expect(existsSync(join(runDir, 'model', 'model.json'))).toBe(true);
    const log = await readLog(runDir);
    expect(log.filter((e) => e.type === 'status').map((e) => (e.type === 'status' ? e.status : ''))).toEqual(expect.arrayContaining(['paused', 'running']));
  });

  it('trains below normal priority, every thread of it and its own scheduling group, when started as background work; at its parent\'s otherwise', async () => {
    // Two background workers at once: the kernel takes one change of a group's nice value per 100 ms.
    const background = [1, 2].map((n) => trainer(join(dir.path, `background-${n}`), config(), { priority: 'background' }));
    const normal = trainer(join(dir.path, 'normal'), config());
    await Promise.all([...background, normal].map((t) => t.next((e) => e.type === 'epoch')));
    const pids = background.map((t) => t.process.pid!);
    const backgroundNice = pids.map(threadNiceValues);
    const normalNice = threadNiceValues(normal.process.pid!);
    // On Linux a background worker leads a session, so a scheduling group, of its own and lowers that
    // group's nice value too: against a browser in another session, its threads' nice values alone count for nothing.
    const sessions = pids.map((pid) => sessionOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8')));
    const normalSession = sessionOfStat(readFileSync(`/proc/${normal.process.pid!}/stat`, 'utf8'));
    const groups = pids.map(autogroupOf);
    const normalGroup = autogroupOf(normal.process.pid!);
    for (const t of [...background, normal]) t.process.stop();
    await Promise.all([...background, normal].map((t) => t.process.finished));
    const lowered = Math.max(getPriority(), constants.priority.PRIORITY_BELOW_NORMAL);
    for (const nice of backgroundNice) {
      // TensorFlow's compute threads are among them: a worker runs more threads than Node alone starts.
      expect(nice.length).toBeGreaterThan(4);
      expect(new Set(nice)).toEqual(new Set([lowered]));
    }
    expect(new Set(normalNice)).toEqual(new Set([getPriority()]));
    expect(sessions).toEqual(pids);
    expect(normalSession).toBe(sessionOfStat(readFileSync('/proc/self/stat', 'utf8')));
    if (groups.every((g) => g !== null)) {
      expect(groups.map((g) => g.nice)).toEqual([lowered, lowered]);
      expect(new Set(groups.map((g) => g.name)).size).toBe(2);
      expect(normalGroup).toEqual(autogroupOf(process.pid));
    } else {
      // A kernel without autogroups: nothing to lower, and nothing else was touched.
      expect(groups).toEqual([null, null]);
    }
  });

  it('a worker killed with SIGKILL mid-training: run marked failed, metrics kept, parent unharmed', async () => {
    const runDir = join(dir.path, 'killed');
    const t = trainer(runDir, config());
    await t.next((e) => e.type === 'epoch' && e.epoch >= 2);
    process.kill(t.process.pid!, 'SIGKILL');
    const outcome = await t.process.finished;
    expect(outcome.crashed).toBe(true);
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/^the training process exited unexpectedly \(signal SIGKILL\) after epoch \d+/);
    const record = await readRecord(runDir);
    expect(record.status).toBe('failed');
    expect(record.message).toBe(outcome.message);
    expect(record.pid).toBeUndefined();
    const log = await readLog(runDir);
    const lastEpoch = Number(/after epoch (\d+)/.exec(outcome.message!)![1]);
    expect(log.filter((e) => e.type === 'epoch').length).toBeGreaterThanOrEqual(lastEpoch);
    expect(log[log.length - 1]).toMatchObject({ type: 'done', status: 'failed' });
    expect(existsSync(join(runDir, 'model', 'model.json'))).toBe(true);
    // the store lists it as failed, not interrupted
    const { store } = RunStore.forRunDir(runDir);
    expect((await store.list()).runs.find((r) => r.id === 'killed')?.status).toBe('failed');
  });

  it('a worker that stops answering (no heartbeat) is ended and its run marked failed', async () => {
    const runDir = join(dir.path, 'hung');
    const t = trainer(runDir, config(), { heartbeatTimeoutMs: 3000 });
    await t.next((e) => e.type === 'epoch');
    process.kill(t.process.pid!, 'SIGSTOP');
    const outcome = await t.process.finished;
    expect(outcome.crashed).toBe(true);
    expect(outcome.message).toMatch(/stopped responding \(no heartbeat for 3 s\) and was ended after epoch \d+/);
    expect((await readRecord(runDir)).status).toBe('failed');
  });

  it('bad data: the worker reports a located bad_input error and marks the run failed', async () => {
    const csv = join(dir.path, 'short.csv');
    await writeFile(csv, 'Month,Passengers\n1949-01,112\n1949-02,118\n1949-03,132\n');
    const runDir = join(dir.path, 'bad-data');
    const errors: string[] = [];
    const t = new TrainingProcess({ runDir, dataPath: csv, config: config(), onError: (e) => errors.push(`${e.code}|${e.where}|${e.message}`) }).start();
    const outcome = await t.finished;
    expect(outcome).toMatchObject({ status: 'failed', crashed: false, error: { code: 'bad_input', detail: 'too-short', field: 'window.lookback' } });
    expect(errors[0]).toMatch(/^bad_input\|short\.csv\|short\.csv: /);
    const record = await readRecord(runDir);
    expect(record).toMatchObject({ status: 'failed', message: outcome.message });
    expect(record.data.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
