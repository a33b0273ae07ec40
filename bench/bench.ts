/**
 * Training and inference speed of RNN Studio's real training path (buildModel + TrainingJob: gradient
 * norms and clipping included) next to two anchors measured in the same run on the same machine:
 * Keras 3 on TensorFlow CPU and PyTorch CPU (from the venv `bench/anchors/setup` creates).
 *
 *   npm run bench                  # reference + large configs, every system (a few minutes)
 *   npm run bench -- --quick       # reference config only, shorter timings
 *   npm run bench -- --json        # one JSON object per line
 *   npm run bench -- --systems fused,keras --cells lstm --configs large
 *   npm run bench -- --only inference   # just the suggested model's forecast and 24-step rollout
 *
 * Systems: rnn-studio/tensorflow-fused (native, fused kernels), rnn-studio/tensorflow-plain (native,
 * unrolled core), rnn-studio/wasm, keras, pytorch. Each runs in its own process, started once; the
 * systems take turns on every (config, cell), so a machine whose load drifts affects them alike. An
 * anchor whose venv or packages are missing is skipped with a one-line reason. Latency is a single
 * window's prediction, median wall time and median CPU time (a loaded machine inflates the first).
 * Prints numbers; asserts nothing.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, homedir, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { backendInfo, initBackend } from '../src-main/engine/backend';
import { loadTableFile, prepareSeries, sampleDatasetPath } from '../src-main/engine/data';
import { suggestConfig } from '../src-main/engine/defaults';
import { loadModelDir, saveModelDir } from '../src-main/engine/export';
import { buildModel, fastRecurrentCore, fusedNativeCore, type RecurrentCore } from '../src-main/engine/model';
import { forecastFuture } from '../src-main/engine/predict';
import { ModelSpec, TrainSpec, type CellType } from '../src-main/engine/spec';
import { TrainingJob } from '../src-main/engine/train';
import { modelDims } from '../src-main/engine/experiment';

interface BenchConfig {
  name: string;
  units: number;
  lookback: number;
  batch: number;
}

const CONFIGS: Record<string, BenchConfig> = {
  reference: { name: 'reference', units: 64, lookback: 48, batch: 64 },
  large: { name: 'large', units: 256, lookback: 168, batch: 128 },
};
const CELLS: CellType[] = ['lstm', 'gru', 'rnn'];
const OURS = { fused: 'rnn-studio/tensorflow-fused', plain: 'rnn-studio/tensorflow-plain', wasm: 'rnn-studio/wasm' } as const;
type OurSystem = keyof typeof OURS;
const ALL_SYSTEMS = ['fused', 'plain', 'wasm', 'keras', 'pytorch'];
/** The systems that measure the suggested model's forecast and rollout. */
const INFERENCE_SYSTEMS = ['fused', 'wasm'];

/** One JSON line of `--json`: the fields every system reports (extra fields allowed). */
interface BenchRow {
  system: string;
  backend: string;
  cell: CellType;
  config: string;
  trainSamplesPerSecond: number;
  inferenceSamplesPerSecond: number;
  latencyMs: number;
  [extra: string]: unknown;
}

interface Timing {
  /** Seconds each measurement runs for, after warm-up. */
  seconds: number;
  warmupBatches: number;
}

// ---------------------------------------------------------------------------------------------
// Worker: one of our systems, in this process.

function syntheticWindows(count: number, lookback: number) {
  const x = new Float32Array(count * lookback);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    for (let t = 0; t < lookback; t++) x[i * lookback + t] = Math.sin((i + t) / 7);
    y[i] = Math.sin((i + lookback) / 7);
  }
  return { count, x, xShape: [count, lookback, 1] as [number, number, number], y, yShape: [count, 1, 1], endRows: new Int32Array(count) };
}

/**
 * Training samples per second over whole batches after the warm-up, through the engine's TrainingJob —
 * per wall-clock second and per second of this process's CPU time (which a loaded machine leaves alone).
 */
async function trainRate(model: tf.LayersModel, config: BenchConfig, timing: Timing): Promise<{ wall: number; cpu: number }> {
  const train = syntheticWindows(8 * config.batch, config.lookback);
  const spec = TrainSpec.parse({ epochs: 10_000, batchSize: config.batch, earlyStopping: null, clip: { kind: 'norm', value: 1 }, logEveryBatches: 1 });
  let batches = 0;
  let startedAt = 0;
  let cpuAtStart = process.cpuUsage();
  let timedBatches = 0;
  let elapsed = 0;
  let cpuSeconds = 0;
  const job: TrainingJob = new TrainingJob({
    model,
    spec,
    train,
    val: syntheticWindows(config.batch, config.lookback),
    onEvent: (event) => {
      if (event.type !== 'batch') return;
      batches++;
      const now = performance.now();
      if (batches === timing.warmupBatches) {
        startedAt = now;
        cpuAtStart = process.cpuUsage();
      }
      if (batches > timing.warmupBatches) {
        timedBatches++;
        elapsed = (now - startedAt) / 1000;
        const cpu = process.cpuUsage(cpuAtStart);
        cpuSeconds = (cpu.user + cpu.system) / 1e6;
        if (elapsed >= timing.seconds && timedBatches >= 3) job.stop();
      }
    },
  });
  await job.run();
  return { wall: (timedBatches * config.batch) / elapsed, cpu: (timedBatches * config.batch) / cpuSeconds };
}

/**
 * Repeats `body` for at least `seconds` and `minRounds`. Besides wall time it records the process's CPU
 * time per round: on a loaded machine wall time includes waiting for a core, CPU time does not.
 */
async function timeLoop(seconds: number, minRounds: number, body: () => Promise<void>): Promise<{ rounds: number; seconds: number; perRoundMs: number[]; perRoundCpuMs: number[] }> {
  const perRoundMs: number[] = [];
  const perRoundCpuMs: number[] = [];
  const t0 = performance.now();
  while (perRoundMs.length < minRounds || performance.now() - t0 < seconds * 1000) {
    const r0 = performance.now();
    const c0 = process.cpuUsage();
    await body();
    const cpu = process.cpuUsage(c0);
    perRoundMs.push(performance.now() - r0);
    perRoundCpuMs.push((cpu.user + cpu.system) / 1000);
  }
  return { rounds: perRoundMs.length, seconds: (performance.now() - t0) / 1000, perRoundMs, perRoundCpuMs };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function predictOnce(model: tf.LayersModel, input: tf.Tensor): Promise<void> {
  const out = model.predict(input) as tf.Tensor;
  await out.data();
  out.dispose();
}

/** One (cell, config) measurement of one of our systems; the backend is already active. */
async function benchOurs(system: OurSystem, cell: CellType, config: BenchConfig, timing: Timing): Promise<BenchRow> {
  const core: RecurrentCore = system === 'fused' ? fusedNativeCore : fastRecurrentCore;
  const dims = { lookback: config.lookback, horizon: 1, inputFeatures: 1, targets: 1 };
  const model = buildModel(ModelSpec.parse({ cell, layers: [{ units: config.units }] }), dims, 1, core);
  try {
    const train = await trainRate(model, config, timing);
    const batchInput = tf.tensor3d(syntheticWindows(config.batch, config.lookback).x, [config.batch, config.lookback, 1]);
    const window = tf.tensor3d(syntheticWindows(1, config.lookback).x, [1, config.lookback, 1]);
    await predictOnce(model, batchInput);
    await predictOnce(model, window);
    const inference = await timeLoop(timing.seconds / 2, 3, () => predictOnce(model, batchInput));
    const latency = await timeLoop(timing.seconds / 4, 10, () => predictOnce(model, window));
    tf.dispose([batchInput, window]);
    return {
      system: OURS[system],
      backend: backendLabel(),
      cell,
      config: config.name,
      trainSamplesPerSecond: train.wall,
      trainSamplesPerCpuSecond: train.cpu,
      inferenceSamplesPerSecond: (inference.rounds * config.batch) / inference.seconds,
      latencyMs: median(latency.perRoundMs),
      latencyCpuMs: median(latency.perRoundCpuMs),
    };
  } finally {
    model.dispose();
  }
}

function backendLabel(): string {
  const info = backendInfo();
  return info.name === 'tensorflow' ? `tensorflow ${info.tensorflowVersion ?? ''}`.trim() : info.name;
}

/**
 * The app's own prediction path for the suggested (default) model of the bundled sample: the model
 * saved and loaded as a run's is, then one forecast and a 24-step rollout through engine/predict.
 */
async function benchDefaultForecast(system: OurSystem, timing: Timing): Promise<BenchRow> {
  const table = await loadTableFile(sampleDatasetPath());
  const config = suggestConfig(table, [table.header[table.header.length - 1]]);
  const prepared = prepareSeries(table, config.series, config.window, config.model.topology);
  const built = buildModel(config.model, modelDims(prepared), config.train.seed, system === 'fused' ? fusedNativeCore : fastRecurrentCore);
  const dir = mkdtempSync(join(tmpdir(), 'rnn-bench-'));
  try {
    await saveModelDir(join(dir, 'model'), built, prepared.preprocessing);
    built.dispose();
    const { model } = await loadModelDir(join(dir, 'model'));
    forecastFuture(model, prepared, 1);
    const forecast = await timeLoop(timing.seconds / 4, 10, async () => void forecastFuture(model, prepared, 1));
    const rollout = await timeLoop(timing.seconds / 2, 10, async () => void forecastFuture(model, prepared, 24));
    model.dispose();
    return {
      system: OURS[system],
      backend: backendLabel(),
      cell: config.model.cell,
      config: `default (${config.model.layers.map((l) => l.units).join('-')} units, lookback ${config.window.lookback})`,
      trainSamplesPerSecond: Number.NaN,
      inferenceSamplesPerSecond: Number.NaN,
      latencyMs: median(forecast.perRoundMs),
      latencyCpuMs: median(forecast.perRoundCpuMs),
      rollout24Ms: median(rollout.perRoundMs),
      rollout24CpuMs: median(rollout.perRoundCpuMs),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Orchestrator: every system in its own process, then the table.

interface Options {
  json: boolean;
  /** Configs named with --configs (else the defaults, where wasm skips the large one). */
  explicitConfigs: boolean;
  quick: boolean;
  /** `--only inference`: skip training and the anchors, measure the suggested model's forecast and rollout. */
  inferenceOnly: boolean;
  systems: string[];
  cells: CellType[];
  configs: BenchConfig[];
  timing: Timing;
}

function parseOptions(argv: string[]): Options {
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const list = <T extends string>(flag: string, allowed: readonly T[], fallback: T[]): T[] => {
    const raw = value(flag);
    if (!raw) return fallback;
    const items = raw.split(',').map((s) => s.trim()) as T[];
    const bad = items.filter((i) => !allowed.includes(i));
    if (bad.length) throw new Error(`${flag}: unknown ${bad.join(', ')} (choose from ${allowed.join(', ')})`);
    return items;
  };
  const quick = argv.includes('--quick');
  const only = value('--only');
  if (only !== undefined && only !== 'inference') throw new Error(`--only: unknown part ${only} (choose from inference)`);
  const inferenceOnly = only === 'inference';
  const configNames = list('--configs', Object.keys(CONFIGS), quick ? ['reference'] : ['reference', 'large']);
  return {
    json: argv.includes('--json'),
    explicitConfigs: argv.includes('--configs'),
    quick,
    inferenceOnly,
    systems: list('--systems', ALL_SYSTEMS, ALL_SYSTEMS).filter((s) => !inferenceOnly || INFERENCE_SYSTEMS.includes(s)),
    cells: list('--cells', CELLS, CELLS),
    configs: configNames.map((n) => CONFIGS[n]),
    timing: { seconds: Number(value('--seconds') ?? (quick ? 2 : 4)), warmupBatches: 2 },
  };
}

function anchorsPython(): string | undefined {
  const venv = process.env.RNN_STUDIO_ANCHORS_VENV ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'rnn-studio', 'bench-anchors');
  const python = join(venv, 'bin', 'python');
  return existsSync(python) ? python : undefined;
}

type Reply = BenchRow | { error: string } | { ready: true };

/**
 * One system's process, kept for the whole run and asked for one measurement at a time, so the
 * systems take turns on every (config, cell) and share the machine's load as evenly as can be.
 */
class SystemProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly replies: Reply[] = [];
  private waiting: ((reply: Reply | undefined) => void) | undefined;
  private stderrTail = '';
  private exited = false;

  constructor(command: string, args: string[]) {
    this.child = spawn(command, args, { env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      this.deliver(JSON.parse(line) as Reply);
    });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-4000);
    });
    this.child.on('close', () => {
      this.exited = true;
      this.deliver(undefined);
    });
  }

  private deliver(reply: Reply | undefined): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting(reply);
    else if (reply) this.replies.push(reply);
  }

  private next(): Promise<Reply | undefined> {
    const queued = this.replies.shift();
    if (queued || this.exited) return Promise.resolve(queued);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** Why the process stopped answering: the last line it wrote to stderr. */
  get lastError(): string {
    return this.stderrTail.trim().split('\n').filter((l) => l.trim()).pop() ?? 'the process exited';
  }

  async ready(): Promise<boolean> {
    const reply = await this.next();
    return reply !== undefined && 'ready' in reply;
  }

  async measure(request: object): Promise<BenchRow | { error: string }> {
    if (this.exited) return { error: this.lastError };
    this.child.stdin.write(JSON.stringify(request) + '\n');
    const reply = await this.next();
    if (!reply) return { error: this.lastError };
    return 'ready' in reply ? { error: 'unexpected reply' } : reply;
  }

  close(): void {
    this.child.stdin.end();
  }
}

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : '—');

function printTable(rows: BenchRow[], opts: Options): void {
  const anchorOf = (system: string, row: BenchRow) => rows.find((r) => r.system === system && r.cell === row.cell && r.config === row.config);
  if (opts.inferenceOnly) return printRollouts(rows);
  console.log('');
  console.log('config     cell  system                        train/s train/cpu-s   infer/s  latency ms (cpu)   train ×Keras ×PyTorch  per cpu-s ×Keras ×PyTorch   infer ×Keras ×PyTorch');
  for (const config of opts.configs) {
    for (const cell of opts.cells) {
      for (const row of rows.filter((r) => r.config === config.name && r.cell === cell)) {
        const ratio = (anchor: string, field: 'trainSamplesPerSecond' | 'trainSamplesPerCpuSecond' | 'inferenceSamplesPerSecond') => {
          const a = anchorOf(anchor, row);
          return row.system.startsWith('rnn-studio') && a ? `${fmt((row[field] as number) / (a[field] as number), 2)}×` : '';
        };
        console.log(
          `${config.name.padEnd(10)} ${cell.padEnd(5)} ${row.system.padEnd(28)} ${fmt(row.trainSamplesPerSecond).padStart(8)} ${fmt(row.trainSamplesPerCpuSecond as number).padStart(11)} ${fmt(row.inferenceSamplesPerSecond).padStart(9)} ${fmt(row.latencyMs, 2).padStart(11)} ${`(${fmt(row.latencyCpuMs as number, 2)})`.padStart(7)}   ` +
            `${ratio('keras', 'trainSamplesPerSecond').padStart(6)} ${ratio('pytorch', 'trainSamplesPerSecond').padStart(8)}  ${ratio('keras', 'trainSamplesPerCpuSecond').padStart(15)} ${ratio('pytorch', 'trainSamplesPerCpuSecond').padStart(8)}   ${ratio('keras', 'inferenceSamplesPerSecond').padStart(12)} ${ratio('pytorch', 'inferenceSamplesPerSecond').padStart(8)}`,
        );
      }
    }
  }
  printRollouts(rows);
}

function printRollouts(rows: BenchRow[]): void {
  for (const row of rows.filter((r) => r.rollout24Ms !== undefined)) {
    console.log(
      `\n${row.system}, the suggested model for the sample (${row.cell}, ${row.config}), saved and loaded as a run's (median wall / CPU time):` +
        ` one forecast ${fmt(row.latencyMs, 2)} / ${fmt(row.latencyCpuMs as number, 2)} ms, a 24-step rollout ${fmt(row.rollout24Ms as number, 1)} / ${fmt(row.rollout24CpuMs as number, 1)} ms`,
    );
  }
}

async function orchestrate(opts: Options): Promise<void> {
  const rows: BenchRow[] = [];
  const say = (line: string) => (opts.json ? process.stderr.write(line + '\n') : console.log(line));
  const configNames = opts.configs.map((c) => c.name).join(',');
  say(`RNN Studio speed: configs ${configNames} (reference: 1 layer, 64 units, lookback 48, batch 64; large: 256 units, lookback 168, batch 128), Adam, MSE, clip norm 1, many-to-one`);
  say(`machine: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (1/5/15 min) on ${cpus().length} cores; the systems take turns on each measurement`);
  const python = anchorsPython();
  const processes = new Map<string, SystemProcess>();
  for (const system of opts.systems) {
    if ((system === 'keras' || system === 'pytorch') && !python) {
      say(`${system}: skipped (no anchors venv; run bench/anchors/setup)`);
      continue;
    }
    const proc = system === 'keras' || system === 'pytorch' ? new SystemProcess(python as string, [join(__dirname, 'anchors', `${system}_bench.py`)]) : new SystemProcess(process.execPath, ['--import', 'tsx', __filename, '--serve', system]);
    if (await proc.ready()) processes.set(system, proc);
    else say(`${system}: skipped (${proc.lastError})`);
  }
  const wasmSkipsLarge = !opts.inferenceOnly && !opts.explicitConfigs && processes.has('wasm') && opts.configs.some((c) => c.name === 'large');
  // One large batch takes minutes on wasm; ask for it explicitly (--systems wasm --configs large).
  if (wasmSkipsLarge) say('wasm: large config skipped (minutes per batch; run it with --systems wasm --configs large)');
  const record = (system: string, reply: BenchRow | { error: string }) => {
    if ('error' in reply) {
      say(`${system}: ${reply.error}`);
      return;
    }
    rows.push(reply);
    if (opts.json) process.stdout.write(JSON.stringify(reply) + '\n');
    else if (reply.rollout24Ms === undefined) say(`  ${reply.config} ${reply.cell} ${reply.system}: train ${fmt(reply.trainSamplesPerSecond)}/s, inference ${fmt(reply.inferenceSamplesPerSecond)}/s`);
  };
  for (const config of opts.inferenceOnly ? [] : opts.configs) {
    for (const cell of opts.cells) {
      for (const [system, proc] of processes) {
        if (system === 'wasm' && wasmSkipsLarge && config.name === 'large') continue;
        record(system, await proc.measure({ cell, config: config.name, seconds: opts.timing.seconds }));
      }
    }
  }
  for (const system of INFERENCE_SYSTEMS) {
    const proc = processes.get(system);
    if (proc) record(system, await proc.measure({ default: true, seconds: opts.timing.seconds }));
  }
  for (const proc of processes.values()) proc.close();
  say(`machine at the end: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (1/5/15 min)`);
  if (!opts.json) printTable(rows, opts);
}

/** `--serve SYSTEM`: answers the orchestrator's requests, one JSON line each way. */
async function serve(system: OurSystem): Promise<void> {
  await initBackend(system === 'wasm' ? 'wasm' : 'tensorflow');
  process.stdout.write(JSON.stringify({ ready: true }) + '\n');
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    const request = JSON.parse(line) as { cell?: CellType; config?: string; default?: boolean; seconds: number };
    const timing = { seconds: request.seconds, warmupBatches: 2 };
    try {
      const row = request.default ? await benchDefaultForecast(system, timing) : await benchOurs(system, request.cell as CellType, CONFIGS[request.config as string], timing);
      process.stdout.write(JSON.stringify(row) + '\n');
    } catch (err) {
      process.stdout.write(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }) + '\n');
    }
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--serve');
  if (at >= 0) return serve(argv[at + 1] as OurSystem);
  await orchestrate(parseOptions(argv));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
