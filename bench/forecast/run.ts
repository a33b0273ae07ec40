/**
 * Forecasting benchmark: RNN Studio's suggested config against statsforecast's AutoETS, AutoARIMA
 * and seasonal naive on a public suite (suite.json; data/README.md says where each series comes from).
 *
 *   npm run bench:forecast                      # every series, 3 seeds, anchors from the venv
 *   npm run bench:forecast -- --quick           # 4 short series, 1 seed
 *   npm run bench:forecast -- --only airline --seeds 5
 *   npm run bench:forecast -- --set train.refit=false --set series.transforms='[{"kind":"log"}]'
 *   npm run bench:forecast -- --python PATH     # the venv's python (default ~/.cache/forecast-venv/bin/python)
 *   npm run bench:forecast -- --fresh           # refit the statistical anchors instead of using their cache
 *   npm run bench:forecast -- --darts-python PATH --darts-seeds 5   # Darts RNNModel anchor (default: the speed bench's venv, 1 seed)
 *   npm run bench:forecast -- --no-darts        # without the Darts anchor (it trains an LSTM per series: minutes)
 *   npm run bench:forecast -- --no-known        # features as past-only inputs (not known in advance), for comparison
 *   npm run bench:forecast -- --seeds 0         # the anchors only (from their caches when present)
 *
 * Protocol: one-step-ahead over the last `test` rows of each series, every method fitted once on the
 * rows before them (ours on train + validation, as its defaults split them); MAPE, and MASE scaled by
 * seasonal naive's error on those rows. Prints a table per series and each method's mean rank.
 * Prints numbers; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { forecastSegment, initBackend, loadTableFile, RunConfig, runExperiment, suggestConfig, type RecipeChoice } from '../../src-main/engine';
import { mape, meanAndSd, meanRanks, relativeMase } from './score';

interface SeriesEntry {
  name: string;
  file: string;
  target: string;
  date?: string;
  features: string[];
  /** Features known for the forecast rows themselves (elecdaily's WorkDay and Temperature). */
  knownInAdvance?: string[];
  test: number;
  season: number;
  frequency: string;
}

interface MethodResult {
  mape: number;
  mase: number;
  mapeSd?: number;
  seconds: number;
  detail?: string;
}

const HERE = __dirname;
const OURS = 'RNN Studio';

function seasonalNaive(values: number[], season: number, test: number): number[] {
  const n = values.length;
  return Array.from({ length: test }, (_, i) => values[n - test + i - Math.max(1, season)]);
}

/** Our defaults, fitted once on the rows before the test rows, then one step ahead over them. */
/** Sets `path` (dot-separated) in a copy of `config` to `value` parsed as JSON (plain text when it is not JSON). */
function override(config: RunConfig, assignment: string): RunConfig {
  const at = assignment.indexOf('=');
  if (at < 1) throw new Error(`--set ${assignment}: expected path=value, e.g. train.refit=false`);
  const path = assignment.slice(0, at).split('.');
  const text = assignment.slice(at + 1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[path[path.length - 1]] = value;
  return RunConfig.parse(copy);
}

async function runOurs(entry: SeriesEntry, seed: number, overrides: string[], known: boolean): Promise<{ predicted: number[]; seconds: number; cpuSeconds: number; detail: string; recipe: string }> {
  const table = await loadTableFile(join(HERE, entry.file));
  const suggested = suggestConfig(table, [entry.target]);
  const config = overrides.reduce(override, {
    ...suggested,
    series: { ...suggested.series, features: entry.features, knownInAdvance: known ? (entry.knownInAdvance ?? []) : [], split: { ...suggested.series.split, test: entry.test } },
    train: { ...suggested.train, seed },
  });
  const began = performance.now();
  // CPU time as well as wall time: on a shared machine the wall clock measures the other jobs too.
  const cpuBefore = process.cpuUsage();
  const result = await runExperiment({ table, config, onEvent: () => undefined });
  try {
    const set = forecastSegment(result.model, result.prepared, 'test');
    const seconds = (performance.now() - began) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const transforms = config.series.transforms.map((t) => (t.kind === 'seasonalDiff' ? `sdiff${t.period}` : t.kind)).join('+') || 'none';
    const knownText = config.series.knownInAdvance?.length ? `, known in advance: ${config.series.knownInAdvance.join(', ')}` : '';
    const detail = `lookback ${config.window.lookback}, ${transforms}${knownText}, batch ${config.train.batchSize}, ${config.model.ensemble} member(s), epochs ${result.summary?.epochs ?? '?'} (best ${result.summary?.bestEpoch ?? '?'})${recipeText(result.summary?.recipe)}`;
    return { predicted: set.predicted.map((rows) => rows[0][0]), seconds, cpuSeconds, detail, recipe: recipeText(result.summary?.recipe) };
  } finally {
    result.model.dispose();
  }
}

/** Which recipe validation chose, with both scores, when train.chooseRecipe is on. */
function recipeText(recipe: RecipeChoice | undefined): string {
  if (!recipe) return '';
  const scores = recipe.candidates.map((c) => `${c.name.split(' ')[0]} ${c.valLoss === null ? '—' : c.valLoss.toPrecision(3)}`).join(' vs ');
  return `, recipe ${recipe.chosen.split(' ')[0]} (val ${scores})`;
}

type AnchorResults = Record<string, { actual: number[]; methods: Record<string, { predicted?: number[]; seconds?: number; error?: string }> }>;

/**
 * The statistical fits are deterministic and slow on a loaded machine (sunspots: minutes), so their
 * predictions are cached under ~/.cache, keyed by the script, the suite and the data; --fresh refits.
 */
function runAnchors(python: string, names: string[], fresh: boolean): AnchorResults | string {
  if (!existsSync(python)) return `no Python at ${python} (see data/README.md for the venv)`;
  const hash = createHash('sha256');
  for (const file of ['baselines.py', 'suite.json']) hash.update(readFileSync(join(HERE, file)));
  const suite = JSON.parse(readFileSync(join(HERE, 'suite.json'), 'utf8')) as { series: SeriesEntry[] };
  for (const entry of suite.series.filter((s) => names.includes(s.name))) hash.update(readFileSync(join(HERE, entry.file)));
  hash.update(names.join(','));
  const cache = join(homedir(), '.cache', 'rnn-studio', `forecast-anchors-${hash.digest('hex').slice(0, 16)}.json`);
  if (!fresh && existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8')) as AnchorResults;
  const child = spawnSync(python, [join(HERE, 'baselines.py'), '--only', names.join(',')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) return `baselines.py failed: ${(child.stderr || '').trim().split('\n').pop()}`;
  mkdirSync(dirname(cache), { recursive: true });
  writeFileSync(cache, child.stdout);
  return JSON.parse(child.stdout) as AnchorResults;
}

type DartsResults = Record<string, { predicted?: number[]; seconds?: number; error?: string }[]>;

/** Darts' RNNModel (darts_rnn.py) in the speed bench's venv, cached like the statistical anchors (key: script, suite, data, seeds). */
function runDarts(python: string, names: string[], seeds: number, fresh: boolean): DartsResults | string {
  if (!existsSync(python)) return `skipped (no Python at ${python}; bench/anchors/setup creates it with darts)`;
  const probe = spawnSync(python, ['-c', 'import darts, torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return `skipped (darts does not import in ${python}: ${(probe.stderr || '').trim().split('\n').pop()}; run bench/anchors/setup)`;
  const hash = createHash('sha256');
  for (const file of ['darts_rnn.py', 'suite.json']) hash.update(readFileSync(join(HERE, file)));
  const suite = JSON.parse(readFileSync(join(HERE, 'suite.json'), 'utf8')) as { series: SeriesEntry[] };
  for (const entry of suite.series.filter((s) => names.includes(s.name))) hash.update(readFileSync(join(HERE, entry.file)));
  hash.update(`${names.join(',')}|${seeds}`);
  const cache = join(homedir(), '.cache', 'rnn-studio', `forecast-darts-${hash.digest('hex').slice(0, 16)}.json`);
  if (!fresh && existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8')) as DartsResults;
  console.log(`Darts RNNModel: training ${seeds} seed(s) per series (cached afterwards in ${cache})`);
  const child = spawnSync(python, [join(HERE, 'darts_rnn.py'), '--only', names.join(','), '--seeds', String(seeds)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.status !== 0) return `darts_rnn.py failed (exit ${child.status})`;
  mkdirSync(dirname(cache), { recursive: true });
  writeFileSync(cache, child.stdout);
  return JSON.parse(child.stdout) as DartsResults;
}

const fmt = (v: number, digits = 2): string => (Number.isFinite(v) ? v.toFixed(digits) : '—');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      seeds: { type: 'string' },
      python: { type: 'string', default: join(homedir(), '.cache', 'forecast-venv', 'bin', 'python') },
      'no-anchors': { type: 'boolean', default: false },
      fresh: { type: 'boolean', default: false },
      'darts-python': { type: 'string', default: join(homedir(), '.cache', 'rnn-studio', 'bench-anchors', 'bin', 'python') },
      'darts-seeds': { type: 'string', default: '1' },
      'no-darts': { type: 'boolean', default: false },
      'no-known': { type: 'boolean', default: false },
      set: { type: 'string', multiple: true, default: [] },
    },
  });
  const suite = JSON.parse(readFileSync(join(HERE, 'suite.json'), 'utf8')) as { series: SeriesEntry[]; quick: string[] };
  const only = values.only ? values.only.split(',') : values.quick ? suite.quick : undefined;
  const entries = suite.series.filter((s) => !only || only.includes(s.name));
  const seeds = Number(values.seeds ?? (values.quick ? 1 : 3));
  if (!Number.isInteger(seeds) || seeds < 0) throw new Error(`--seeds must be a whole number (0 = the anchors only), got '${values.seeds}'`);
  const backend = await initBackend('auto');
  console.log(`Forecasting benchmark: ${entries.length} series, ${seeds} seed(s), backend ${backend.name}; one-step-ahead over the last K rows`);
  if (values.set?.length) console.log(`overrides of the suggested config: ${values.set.join(' ')}`);

  const anchors = values['no-anchors'] ? 'skipped (--no-anchors)' : runAnchors(values.python!, entries.map((e) => e.name), values.fresh === true);
  if (typeof anchors === 'string') console.log(`statsforecast anchors: ${anchors}`);
  const darts = values['no-darts'] ? 'skipped (--no-darts)' : runDarts(values['darts-python']!, entries.map((e) => e.name), Number(values['darts-seeds']), values.fresh === true);
  if (typeof darts === 'string') console.log(`Darts RNNModel: ${darts}`);
  const known = values['no-known'] !== true;
  if (!known) console.log('features enter as past-only inputs (--no-known)');

  const masePerSeries: Record<string, number>[] = [];
  const summary: Record<string, { mase: number[]; mape: number[] }> = {};
  for (const entry of entries) {
    const table = await loadTableFile(join(HERE, entry.file));
    const column = Array.from(table.column(entry.target));
    const actual = column.slice(column.length - entry.test);
    const naive = seasonalNaive(column, entry.season, entry.test);
    const results: Record<string, MethodResult> = {};
    results.SeasonalNaive = { mape: mape(actual, naive), mase: 1, seconds: 0 };
    if (typeof anchors !== 'string') {
      for (const [method, r] of Object.entries(anchors[entry.name]?.methods ?? {})) {
        if (method === 'SeasonalNaive') continue;
        if (r.predicted) results[method] = { mape: mape(actual, r.predicted), mase: relativeMase(actual, r.predicted, naive), seconds: r.seconds ?? 0 };
        else results[method] = { mape: Number.NaN, mase: Number.NaN, seconds: 0, detail: r.error };
      }
    }
    if (typeof darts !== 'string') {
      const dartsRuns = (darts[entry.name] ?? []).filter((r) => r.predicted);
      if (dartsRuns.length) {
        const dm = dartsRuns.map((r) => mape(actual, r.predicted!));
        const dmase = dartsRuns.map((r) => relativeMase(actual, r.predicted!, naive));
        results['Darts RNNModel'] = { mape: meanAndSd(dm).mean, mapeSd: meanAndSd(dm).sd, mase: meanAndSd(dmase).mean, seconds: dartsRuns.reduce((sum, r) => sum + (r.seconds ?? 0), 0) / dartsRuns.length };
      } else {
        results['Darts RNNModel'] = { mape: Number.NaN, mase: Number.NaN, seconds: 0, detail: darts[entry.name]?.[0]?.error ?? 'not run' };
      }
    }
    const runs = [];
    for (let s = 0; s < seeds; s++) runs.push(await runOurs(entry, 42 + s, values.set ?? [], known));
    if (runs.length > 0) {
      const mapes = runs.map((r) => mape(actual, r.predicted));
      const mases = runs.map((r) => relativeMase(actual, r.predicted, naive));
      const seconds = runs.reduce((sum, r) => sum + r.seconds, 0) / runs.length;
      const cpuSeconds = runs.reduce((sum, r) => sum + r.cpuSeconds, 0) / runs.length;
      // With several seeds and a recipe choice, each seed's MAPE and choice: the mean alone hides which won where.
      const perSeed = runs.length > 1 && runs.some((r) => r.recipe) ? `; per seed: ${runs.map((r, i) => `${42 + i} MAPE ${fmt(mapes[i])}${r.recipe}`).join('; ')}` : '';
      results[OURS] = { mape: meanAndSd(mapes).mean, mapeSd: meanAndSd(mapes).sd, mase: meanAndSd(mases).mean, seconds, detail: `${runs[0].detail}; ${fmt(cpuSeconds, 1)} CPU s per run${perSeed}` };
    }

    console.log(`\n${entry.name} (${entry.frequency}, ${column.length} rows, last ${entry.test} one step ahead, season ${entry.season})`);
    console.log('| method | MAPE % | MASE | seconds |');
    console.log('|---|---:|---:|---:|');
    for (const [method, r] of Object.entries(results)) {
      const spread = r.mapeSd !== undefined && r.mapeSd > 0 ? ` ± ${fmt(r.mapeSd)}` : '';
      console.log(`| ${method} | ${fmt(r.mape)}${spread} | ${fmt(r.mase, 3)} | ${fmt(r.seconds, 1)} |`);
      summary[method] ??= { mase: [], mape: [] };
      summary[method].mase.push(r.mase);
      summary[method].mape.push(r.mape);
    }
    if (results[OURS]) console.log(`ours: ${results[OURS].detail}`);
    masePerSeries.push(Object.fromEntries(Object.entries(results).map(([m, r]) => [m, r.mase])));
  }

  const ranks = meanRanks(masePerSeries);
  console.log(`\nSummary over ${entries.length} series (rank by MASE, 1 = best)`);
  console.log('| method | mean rank | mean MASE | beats seasonal naive |');
  console.log('|---|---:|---:|---:|');
  for (const [method, s] of Object.entries(summary)) {
    const wins = s.mase.filter((v) => v < 1).length;
    console.log(`| ${method} | ${fmt(ranks[method])} | ${fmt(meanAndSd(s.mase).mean, 4)} | ${method === 'SeasonalNaive' ? '—' : `${wins}/${s.mase.length}`} |`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
