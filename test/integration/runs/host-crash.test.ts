/**
 * A crash of the whole app mid-run: the browser host (a real child process) and its training worker
 * are both SIGKILLed while a run trains. A new host on the same runs folder must still list and read
 * every run: the finished one as it was, the killed one as `interrupted` with every metric logged
 * before the crash and its best checkpoint, and a corrupt folder reported and skipped, never fatal.
 * Everything goes over the real WebSocket API, with the token cookie, Origin and Host a browser sends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  events as eventSchemas,
  methods,
  WireEvent,
  WireResponse,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from '../../../src-main/common/contract';
import { isProcessAlive, METRICS_FILE, RUN_FILE } from '../../../src-main/engine/run';
import { RunRecord, type RunConfig, type TrainingEvent } from '../../../src-main/engine/spec';
import { cookieName } from '../../../src-main/host/token';
import { ROOT, tempDir } from './harness';

const HOST_ENTRY = join(ROOT, 'src-main', 'host', 'main.ts');
/** Starting tsx, TensorFlow and a worker on two busy cores can take a while; training itself is tiny. */
const STEP_TIMEOUT_MS = 120_000;
const CORRUPT_FOLDER = 'corrupt-run';

interface HostProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  /** Output kept for failure messages. */
  output: () => string;
}

/** Starts `main.ts` as its own node process (not through npx/tsx's CLI, so `pid` is the host itself). */
function startHostProcess(runsDir: string, dataDir: string): Promise<HostProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOST_ENTRY, '--port', '0', '--runs-dir', runsDir, '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (output += d));
  return new Promise((resolve, reject) => {
    const onData = (): void => {
      const m = /running at http:\/\/127\.0\.0\.1:(\d+)\/\?token=[0-9a-f]{32}/.exec(output);
      if (!m || child.pid === undefined) return;
      child.stdout?.off('data', onData);
      resolve({ child, pid: child.pid, port: Number(m[1]), output: () => output });
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`the host exited before it was ready (${signal ?? code}):\n${output}`)));
    child.once('error', reject);
  });
}

function tokenOf(host: HostProcess): string {
  const m = /\?token=([0-9a-f]{32})/.exec(host.output());
  if (!m) throw new Error(`no token in the host's output:\n${host.output()}`);
  return m[1];
}

/** Opens the printed URL like a browser: the 303 answer carries the session cookie. */
function logIn(host: HostProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path: `/?token=${tokenOf(host)}`, headers: { Host: `127.0.0.1:${host.port}` } },
      (res) => {
        res.resume();
        const setCookie = res.headers['set-cookie']?.[0] ?? '';
        const m = new RegExp(`${cookieName(host.port)}=([0-9a-f]{32})`).exec(setCookie);
        if (res.statusCode !== 303 || !m) reject(new Error(`log-in answered ${res.statusCode} with Set-Cookie "${setCookie}"`));
        else resolve(`${cookieName(host.port)}=${m[1]}`);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The renderer's side of the WebSocket API, minimal: numbered requests, validated answers, pushed events. */
class ApiClient {
  private nextId = 1;
  private readonly pending = new Map<number, (response: WireResponse) => void>();
  private readonly watchers = new Set<(event: WireEvent) => void>();
  readonly events: WireEvent[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData) => {
      const frame: unknown = JSON.parse(data.toString());
      const event = WireEvent.safeParse(frame);
      if (event.success) {
        this.events.push(event.data);
        for (const watch of this.watchers) watch(event.data);
        return;
      }
      const response = WireResponse.parse(frame);
      this.pending.get(response.id)?.(response);
      this.pending.delete(response.id);
    });
  }

  static async connect(host: HostProcess): Promise<ApiClient> {
    const cookie = await logIn(host);
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api`, {
      headers: { Cookie: cookie, Origin: `http://127.0.0.1:${host.port}`, Host: `127.0.0.1:${host.port}` },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_req, res) => reject(new Error(`the API socket was refused with ${res.statusCode}`)));
      socket.once('error', reject);
    });
    return new ApiClient(socket);
  }

  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (response) => {
        if (!response.ok) reject(new Error(`${method} failed: ${response.error.code}: ${response.error.message}`));
        else resolve(methods[method].output.parse(response.output) as MethodOutput<M>);
      });
      this.socket.send(JSON.stringify({ id, method, input }));
    });
  }

  /** Resolves once `count` training events of the run (seen so far or still to come) satisfy `matches`. */
  trainingEvents(runId: string, matches: (event: TrainingEvent) => boolean, count = 1): Promise<TrainingEvent[]> {
    const found = (): TrainingEvent[] =>
      this.events.flatMap((e) => {
        if (e.event !== 'job.event') return [];
        const payload = eventSchemas['job.event'].safeParse(e.payload);
        return payload.success && payload.data.runId === runId && matches(payload.data.event) ? [payload.data.event] : [];
      });
    return new Promise((resolve) => {
      const check = (): void => {
        const events = found();
        if (events.length < count) return;
        this.watchers.delete(check);
        resolve(events);
      };
      this.watchers.add(check);
      check();
    });
  }

  close(): void {
    this.socket.terminate();
  }
}

async function readRunFile(runsDir: string, runId: string): Promise<RunRecord> {
  return RunRecord.parse(JSON.parse(await readFile(join(runsDir, runId, RUN_FILE), 'utf8')));
}

async function epochLinesOnDisk(runsDir: string, runId: string): Promise<number[]> {
  const text = await readFile(join(runsDir, runId, METRICS_FILE), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { type: string; epoch?: number })
    .filter((e) => e.type === 'epoch')
    .map((e) => e.epoch ?? -1);
}

async function untilGone(pid: number, what: string): Promise<void> {
  const until = Date.now() + 30_000;
  while (isProcessAlive(pid)) {
    if (Date.now() > until) throw new Error(`${what} (pid ${pid}) is still alive after SIGKILL`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Ends a host this test started, unless it already exited (its pid may belong to someone else by now). */
async function endHost(host: HostProcess): Promise<void> {
  if (host.child.exitCode !== null || host.child.signalCode !== null) return;
  const exited = new Promise((resolve) => host.child.once('exit', resolve));
  host.child.kill('SIGKILL');
  await exited;
}

describe('the host and its training worker killed mid-run (SIGKILL)', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let runsDir: string;
  let dataDir: string;
  const hosts: HostProcess[] = [];
  const clients: ApiClient[] = [];
  let workerPid: number | undefined;
  /** Set once the worker is seen dead, so its pid is never signalled again (it could be reused). */
  let workerGone = false;
  /** Epochs the worker had reported live when the crash came. */
  let epochsSeenLive: number;
  /** Epoch lines in metrics.ndjson right after the crash, read straight from the disk. */
  let epochsOnDisk: number[];
  /** run.json of the killed run right after the crash, before any host read it again. */
  let recordAfterCrash: RunRecord;
  let completedRunId: string;
  let killedRunId: string;
  let api: ApiClient;

  beforeAll(async () => {
    dir = await tempDir('host-crash');
    runsDir = join(dir.path, 'runs');
    dataDir = join(dir.path, 'data');

    const first = await startHostProcess(runsDir, dataDir);
    hosts.push(first);
    const before = await ApiClient.connect(first);
    clients.push(before);
    const dataset = await before.call('datasets.openSample', {});
    const suggested = await before.call('config.suggest', { datasetId: dataset.id, target: ['Passengers'] });
    const tiny: RunConfig = {
      ...suggested,
      window: { ...suggested.window, lookback: 12 },
      model: { ...suggested.model, cell: 'gru', layers: [{ units: 4 }], bidirectional: false },
      train: { ...suggested.train, epochs: 2, batchSize: 32, earlyStopping: null, logEveryBatches: 1 },
    };

    // A run that finishes before the crash.
    completedRunId = (await before.call('jobs.start', { datasetId: dataset.id, config: tiny })).runId;
    const [done] = await before.trainingEvents(completedRunId, (e) => e.type === 'done');
    expect(done).toMatchObject({ type: 'done', status: 'completed' });

    // A run far too long to finish, killed once it has logged two epochs and saved a checkpoint.
    const long: RunConfig = { ...tiny, train: { ...tiny.train, epochs: 5000 } };
    killedRunId = (await before.call('jobs.start', { datasetId: dataset.id, config: long })).runId;
    await before.trainingEvents(killedRunId, (e) => e.type === 'checkpoint');
    await before.trainingEvents(killedRunId, (e) => e.type === 'epoch', 2);
    const running = await readRunFile(runsDir, killedRunId);
    expect(running.status).toBe('running');
    expect(running.pid).toBeTypeOf('number');
    workerPid = running.pid as number;
    expect(workerPid).not.toBe(first.pid);

    // Freeze the worker first: left running, it would notice its parent's channel close and finish its
    // record cleanly as `stopped` (orphan-worker.test covers that), which is not the crash under test.
    process.kill(workerPid, 'SIGSTOP');
    const hostExit = new Promise<NodeJS.Signals | null>((resolve) => first.child.once('exit', (_code, signal) => resolve(signal)));
    first.child.kill('SIGKILL');
    expect(await hostExit).toBe('SIGKILL'); // 'exit' comes once the host is dead and reaped
    process.kill(workerPid, 'SIGKILL');
    await untilGone(workerPid, 'the training worker');
    workerGone = true;
    before.close();

    epochsSeenLive = (await before.trainingEvents(killedRunId, (e) => e.type === 'epoch')).length;
    epochsOnDisk = await epochLinesOnDisk(runsDir, killedRunId);
    recordAfterCrash = await readRunFile(runsDir, killedRunId);
    await mkdir(join(runsDir, CORRUPT_FOLDER));
    await writeFile(join(runsDir, CORRUPT_FOLDER, RUN_FILE), '{"version": 1, "id": "corrupt-run", "status": "runn');

    const second = await startHostProcess(runsDir, dataDir);
    hosts.push(second);
    api = await ApiClient.connect(second);
    clients.push(api);
  }, STEP_TIMEOUT_MS * 2);

  afterAll(async () => {
    for (const client of clients) client.close();
    // On a failure half-way, nothing may keep training or listening after the test.
    if (workerPid !== undefined && !workerGone && isProcessAlive(workerPid)) process.kill(workerPid, 'SIGKILL');
    await Promise.all(hosts.map(endHost));
    await dir?.remove();
  });

  it('the crash left the killed run as its dead worker last wrote it: running, its pid, its epochs', () => {
    expect(recordAfterCrash.status).toBe('running');
    expect(recordAfterCrash.pid).toBe(workerPid);
    expect(epochsSeenLive).toBeGreaterThanOrEqual(2);
    // Epoch lines are written (and synced) before the event leaves the worker: none seen live is missing.
    expect(epochsOnDisk.length).toBeGreaterThanOrEqual(epochsSeenLive);
    expect(epochsOnDisk).toEqual(epochsOnDisk.map((_, i) => i + 1));
  });

  it('lists the run that finished before the crash as completed, with its summary', async () => {
    const { runs } = await api.call('runs.list', {});
    const completed = runs.find((r) => r.id === completedRunId);
    expect(completed).toMatchObject({ status: 'completed' });
    expect(completed?.pid).toBeUndefined();
    expect(completed?.summary?.epochs).toBe(2);
    expect(completed?.summary?.test.rmse).toBeGreaterThan(0);
  });

  it('lists the killed run as interrupted (no host saw its worker die), naming the dead pid and the last epoch kept', async () => {
    const { runs } = await api.call('runs.list', {});
    const killed = runs.find((r) => r.id === killedRunId);
    expect(killed?.status).toBe('interrupted');
    expect(killed?.pid).toBeUndefined();
    expect(killed?.summary).toBeUndefined();
    expect(killed?.message).toContain(`pid ${workerPid}`);
    expect(killed?.message).toContain(`everything logged up to epoch ${epochsOnDisk[epochsOnDisk.length - 1]} is kept`);
    // The verdict is written back, so it holds for every later reader, not only this listing.
    expect((await readRunFile(runsDir, killedRunId)).status).toBe('interrupted');
  });

  it('reports the corrupt folder as skipped with the reason, and lists everything else', async () => {
    const { runs, skipped } = await api.call('runs.list', {});
    expect(runs.map((r) => r.id).sort()).toEqual([completedRunId, killedRunId].sort());
    expect(skipped).toHaveLength(1);
    expect(skipped[0].folder).toBe(CORRUPT_FOLDER);
    expect(skipped[0].reason).toContain(join(runsDir, CORRUPT_FOLDER, RUN_FILE));
    expect(skipped[0].reason).toContain('not valid JSON');
  });

  it('returns every epoch the killed run logged before the crash', async () => {
    const { events } = await api.call('runs.events', { runId: killedRunId, maxBatchPoints: 5000 });
    const epochs = events.flatMap((e) => (e.type === 'epoch' ? [e.epoch] : []));
    expect(epochs).toEqual(epochsOnDisk);
    expect(events.some((e) => e.type === 'batch')).toBe(true);
    expect(events.some((e) => e.type === 'done')).toBe(false);
  });

  it('reads both runs with runs.get, and their logs end as they should', async () => {
    const completed = await api.call('runs.get', { runId: completedRunId });
    const killed = await api.call('runs.get', { runId: killedRunId });
    expect(completed.status).toBe('completed');
    expect(killed.status).toBe('interrupted');
    expect(killed.config.train.epochs).toBe(5000);
    const { events } = await api.call('runs.events', { runId: completedRunId, maxBatchPoints: 5000 });
    expect(events.filter((e) => e.type === 'epoch').map((e) => (e.type === 'epoch' ? e.epoch : 0))).toEqual([1, 2]);
    expect(events[events.length - 1]).toMatchObject({ type: 'done', status: 'completed' });
  });

  it('still forecasts from the killed run\'s best checkpoint', async () => {
    const forecast = await api.call('predict.forecast', { runId: killedRunId, split: 'test' });
    expect(forecast.predicted.length).toBeGreaterThan(0);
    expect(forecast.predicted.flat().every(Number.isFinite)).toBe(true);
  });
});
