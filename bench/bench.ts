/**
 * Training and inference speed of RNN Studio's real training path (buildModel + TrainingJob: gradient
 * norms and clipping included) next to two anchors measured in the same run on the same machine:
 * Keras 3 on TensorFlow CPU and PyTorch CPU (from the venv `bench/anchors/setup` creates).
 *
 *   npm run bench                  # reference + large configs, every system (a few minutes)
 *   npm run bench -- --quick       # reference config only, shorter timings
 *   npm run bench -- --json        # one JSON object per line
 *   npm run bench -- --systems fused,keras --cells lstm --configs large
 *
 * Systems: rnn-studio/tensorflow-fused (native, fused kernels), rnn-studio/tensorflow-plain (native,
 * unrolled core), rnn-studio/wasm, keras, pytorch. Each runs in its own process. An anchor whose venv
 * or packages are missing is skipped with a one-line reason. Prints numbers; asserts nothing.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, homedir, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendPreference } from '../src-main/engine/backend';
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

/** Training samples/s over whole batches after the warm-up, through the engine's TrainingJob. */
async function trainRate(model: tf.LayersModel, config: BenchConfig, timing: Timing): Promise<number> {
  const train = syntheticWindows(8 * config.batch, config.lookback);
  const spec = TrainSpec.parse({ epochs: 10_000, batchSize: config.batch, earlyStopping: null, clip: { kind: 'norm', value: 1 }, logEveryBatches: 1 });
  let batches = 0;
  let startedAt = 0;
  let timedBatches = 0;
  let elapsed = 0;
  const job: TrainingJob = new TrainingJob({
    model,
    spec,
    train,
    val: syntheticWindows(config.batch, config.lookback),
    onEvent: (event) => {
      if (event.type !== 'batch') return;
      batches++;
      const now = performance.now();
      if (batches === timing.warmupBatches) startedAt = now;
      if (batches > timing.warmupBatches) {
        timedBatches++;
        elapsed = (now - startedAt) / 1000;
        if (elapsed >= timing.seconds && timedBatches >= 3) job.stop();
      }
    },
  });
  await job.run();
  return (timedBatches * config.batch) / elapsed;
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

async function benchOurs(system: OurSystem, cells: CellType[], configs: BenchConfig[], timing: Timing): Promise<BenchRow[]> {
  const info = await initBackend((system === 'wasm' ? 'wasm' : 'tensorflow') as BackendPreference);
  const core: RecurrentCore = system === 'fused' ? fusedNativeCore : fastRecurrentCore;
  const backend = info.name === 'tensorflow' ? `tensorflow ${info.tensorflowVersion ?? ''}`.trim() : info.name;
  const rows: BenchRow[] = [];
  for (const config of configs) {
    for (const cell of cells) {
      const dims = { lookback: config.lookback, horizon: 1, inputFeatures: 1, targets: 1 };
      const model = buildModel(ModelSpec.parse({ cell, layers: [{ units: config.units }] }), dims, 1, core);
      const trainSamplesPerSecond = await trainRate(model, config, timing);
      const batchInput = tf.tensor3d(syntheticWindows(config.batch, config.lookback).x, [config.batch, config.lookback, 1]);
      const window = tf.tensor3d(syntheticWindows(1, config.lookback).x, [1, config.lookback, 1]);
      await predictOnce(model, batchInput);
      await predictOnce(model, window);
      const inference = await timeLoop(timing.seconds / 2, 3, () => predictOnce(model, batchInput));
      const latency = await timeLoop(timing.seconds / 4, 10, () => predictOnce(model, window));
      tf.dispose([batchInput, window]);
      model.dispose();
      rows.push({
        system: OURS[system],
        backend,
        cell,
        config: config.name,
        trainSamplesPerSecond,
        inferenceSamplesPerSecond: (inference.rounds * config.batch) / inference.seconds,
        latencyMs: median(latency.perRoundMs),
      });
    }
  }
  return rows;
}

/**
 * The app's own prediction path for the suggested (default) model of the bundled sample: the model
 * saved and loaded as a run's is, then one forecast and a 24-step rollout through engine/predict.
 */
async function benchDefaultForecast(system: OurSystem, timing: Timing): Promise<BenchRow> {
  const info = await initBackend((system === 'wasm' ? 'wasm' : 'tensorflow') as BackendPreference);
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
      backend: info.name,
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
  const configNames = list('--configs', Object.keys(CONFIGS), quick ? ['reference'] : ['reference', 'large']);
  return {
    json: argv.includes('--json'),
    explicitConfigs: argv.includes('--configs'),
    quick,
    systems: list('--systems', ALL_SYSTEMS, ALL_SYSTEMS),
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

/** Runs a child and collects the JSON rows it prints (lines starting with `{`). */
function runChild(command: string, args: string[], onRow: (row: BenchRow) => void): Promise<{ code: number | null; lastError: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{')) onRow(JSON.parse(line) as BenchRow);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    child.on('close', (code) => {
      const lastError = stderr.trim().split('\n').filter((l) => l.trim()).pop() ?? '';
      resolve({ code, lastError });
    });
  });
}

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : '—');

function printTable(rows: BenchRow[], opts: Options): void {
  const anchorOf = (system: string, row: BenchRow) => rows.find((r) => r.system === system && r.cell === row.cell && r.config === row.config);
  console.log('');
  console.log('config     cell  system                        train/s   infer/s  latency ms   train ×Keras ×PyTorch   infer ×Keras ×PyTorch');
  for (const config of opts.configs) {
    for (const cell of opts.cells) {
      for (const row of rows.filter((r) => r.config === config.name && r.cell === cell)) {
        const ratio = (anchor: string, field: 'trainSamplesPerSecond' | 'inferenceSamplesPerSecond') => {
          const a = anchorOf(anchor, row);
          return row.system.startsWith('rnn-studio') && a ? `${fmt(row[field] / a[field], 2)}×` : '';
        };
        console.log(
          `${config.name.padEnd(10)} ${cell.padEnd(5)} ${row.system.padEnd(28)} ${fmt(row.trainSamplesPerSecond).padStart(8)} ${fmt(row.inferenceSamplesPerSecond).padStart(9)} ${fmt(row.latencyMs, 2).padStart(11)}   ` +
            `${ratio('keras', 'trainSamplesPerSecond').padStart(6)} ${ratio('pytorch', 'trainSamplesPerSecond').padStart(8)}   ${ratio('keras', 'inferenceSamplesPerSecond').padStart(12)} ${ratio('pytorch', 'inferenceSamplesPerSecond').padStart(8)}`,
        );
      }
    }
  }
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
  const onRow = (row: BenchRow) => {
    rows.push(row);
    if (opts.json) process.stdout.write(JSON.stringify(row) + '\n');
  };
  const configNames = opts.configs.map((c) => c.name).join(',');
  say(`RNN Studio speed: configs ${configNames} (reference: 1 layer, 64 units, lookback 48, batch 64; large: 256 units, lookback 168, batch 128), Adam, MSE, clip norm 1, many-to-one`);
  say(`machine: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (1/5/15 min) on ${cpus().length} cores; every system is measured in this same run`);
  const python = anchorsPython();
  for (const system of opts.systems) {
    const started = performance.now();
    let result: { code: number | null; lastError: string };
    let systemConfigs = configNames;
    if (system === 'wasm' && !opts.explicitConfigs && opts.configs.some((c) => c.name === 'large')) {
      // One large batch takes minutes on wasm; ask for it explicitly (--systems wasm --configs large).
      say('wasm: large config skipped (minutes per batch; run it with --systems wasm --configs large)');
      systemConfigs = opts.configs.filter((c) => c.name !== 'large').map((c) => c.name).join(',');
    }
    const common = ['--cells', opts.cells.join(','), '--configs', systemConfigs, '--seconds', String(opts.timing.seconds)];
    if (system === 'keras' || system === 'pytorch') {
      if (!python) {
        say(`${system}: skipped (no anchors venv; run bench/anchors/setup)`);
        continue;
      }
      result = await runChild(python, [join(__dirname, 'anchors', `${system}_bench.py`), ...common], onRow);
    } else {
      result = await runChild(process.execPath, ['--import', 'tsx', __filename, '--worker', system, ...common], onRow);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    if (result.code !== 0) say(`${system}: skipped (${result.lastError || `exit code ${result.code}`})`);
    else if (!opts.json) say(`${system}: measured in ${seconds} s`);
  }
  if (!opts.json) printTable(rows, opts);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opts = parseOptions(argv);
  const worker = argv.indexOf('--worker');
  if (worker >= 0) {
    const system = argv[worker + 1] as OurSystem;
    for (const row of await benchOurs(system, opts.cells, opts.configs, opts.timing)) process.stdout.write(JSON.stringify(row) + '\n');
    if (system !== 'plain') process.stdout.write(JSON.stringify(await benchDefaultForecast(system, opts.timing)) + '\n');
    return;
  }
  await orchestrate(opts);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
