/**
 * Loading a large CSV: the whole `rnn-studio inspect` process against pandas' read_csv and DuckDB's
 * CSV reader, each in its own process, on the same generated file, in the same run.
 *
 *   npx tsx bench/load-csv.ts                 # 1,000,000 rows × 10 columns (~92 MB)
 *   npx tsx bench/load-csv.ts --rows 200000   # a smaller file
 *
 * The file is generated once under ~/.cache/rnn-studio-bench; pandas comes from a venv created
 * there (pip install pandas) and is skipped with a reason when that cannot be had. Wall time and
 * peak memory (max RSS) come from /usr/bin/time. Prints numbers; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { generate } from './minute-csv';

const ROOT = resolve(__dirname, '..');
const CACHE = join(homedir(), '.cache', 'rnn-studio-bench');
const VENV = join(CACHE, 'venv');

function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

interface Measured {
  seconds: number;
  maxRssMb: number;
}

/** Runs a command under /usr/bin/time: wall seconds and peak resident memory. */
function measure(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Measured | string {
  const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', command, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 30 });
  const line = /TIME ([\d.]+) (\d+)/.exec(result.stderr ?? '');
  if (result.status !== 0 || !line) return `failed (${(result.stderr ?? '').trim().split('\n').slice(-2).join(' ')})`;
  return { seconds: Number(line[1]), maxRssMb: Number(line[2]) / 1024 };
}

function pandasPython(): string | undefined {
  const python = join(VENV, 'bin', 'python');
  if (!existsSync(python)) {
    if (spawnSync('python3', ['-m', 'venv', VENV], { stdio: 'ignore' }).status !== 0) return undefined;
    if (spawnSync(join(VENV, 'bin', 'pip'), ['install', '--quiet', 'pandas==2.3.3'], { stdio: 'inherit' }).status !== 0) return undefined;
  }
  return spawnSync(python, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0 ? python : undefined;
}

const PANDAS = `
import sys, pandas as pd
df = pd.read_csv(sys.argv[1], parse_dates=['time'])
df.describe()
print(len(df))
`;

/** DuckDB reading the file into columns (in a child process, so its memory is its own). */
const DUCKDB = `
const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  const con = await db.connect();
  const reader = await con.runAndReadAll("SELECT * FROM read_csv('" + process.argv[1].replace(/'/g, "''") + "', header = true, store_rejects = true)");
  const columns = reader.getColumnsObjectJS();
  let n = 0;
  for (const name of Object.keys(columns)) n = columns[name].length;
  console.log(n);
})();
`;

async function main(): Promise<void> {
  const rows = argValue('--rows', 1_000_000);
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, `minutes-${rows}.csv`);
  if (!existsSync(file)) {
    process.stdout.write(`generating ${file} …\n`);
    await generate(file, rows);
  }
  const sizeMb = statSync(file).size / 2 ** 20;
  process.stdout.write(`file: ${rows.toLocaleString('en-US')} rows × 10 columns, ${sizeMb.toFixed(1)} MB\n\n`);

  // The CLI as users run it: built JavaScript (bin falls back to compiling TypeScript when the build is stale).
  spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs'), '--strict'], { stdio: 'inherit' });
  const results: [string, Measured | string][] = [];
  results.push(['rnn-studio inspect (whole process)', measure(process.execPath, [join(ROOT, 'bin', 'rnn-studio.js'), 'inspect', '--data', file, '--json'])]);
  results.push(['DuckDB read_csv (node, whole process)', measure(process.execPath, ['-e', DUCKDB, file], { NODE_PATH: join(ROOT, 'node_modules') })]);
  const python = pandasPython();
  results.push(['pandas read_csv(parse_dates) + describe', python ? measure(python, ['-c', PANDAS, file]) : 'skipped: no Python venv with pandas could be made']);

  const pandas = results[2][1];
  for (const [name, m] of results) {
    if (typeof m === 'string') {
      process.stdout.write(`${name.padEnd(42)} ${m}\n`);
      continue;
    }
    const ratio = typeof pandas === 'string' ? '' : `  ${(m.seconds / pandas.seconds).toFixed(2)}× pandas time`;
    process.stdout.write(`${name.padEnd(42)} ${m.seconds.toFixed(2).padStart(6)} s  ${m.maxRssMb.toFixed(0).padStart(5)} MB (${(m.maxRssMb / sizeMb).toFixed(2)}× file)${ratio}\n`);
  }
}

void main();
