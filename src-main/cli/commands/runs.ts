import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RunStore } from '../../engine/run';
import type { RunRecord } from '../../engine/spec';
import { badInput, EXIT_OK } from '../cli-error';
import type { CliIo } from '../io';

/**
 * Where `runs list` looks without --dir: $RNN_STUDIO_RUNS_DIR, else the app's own runs folder
 * ($XDG_DATA_HOME/rnn-studio/runs or ~/.local/share/rnn-studio/runs, as the browser host uses).
 */
export function defaultRunsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RNN_STUDIO_RUNS_DIR) return resolve(env.RNN_STUDIO_RUNS_DIR);
  const dataRoot = env.XDG_DATA_HOME?.trim() ? join(env.XDG_DATA_HOME, 'rnn-studio') : join(homedir(), '.local', 'share', 'rnn-studio');
  return join(dataRoot, 'runs');
}

const f = (v: number | undefined): string => (v === undefined ? '-' : Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v));

export function runsTable(runs: RunRecord[]): string {
  const header = ['id', 'status', 'cell', 'layers', 'epochs', 'best', 'test MAE', 'test MASE', 'created'];
  const rows = runs.map((r) => [
    r.id,
    r.status,
    r.config.model.cell,
    r.config.model.layers.map((l) => l.units).join('-'),
    r.summary ? String(r.summary.epochs) : '-',
    r.summary ? String(r.summary.bestEpoch) : '-',
    f(r.summary?.test.mae),
    f(r.summary?.test.mase),
    r.createdAt.slice(0, 19).replace('T', ' '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export async function runsCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'list') throw badInput(`runs: unknown subcommand '${sub ?? ''}'; use \`rnn-studio runs list [--dir DIR] [--json]\``);
  const { values } = parseArgs({ args: rest, options: { dir: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
  const store = new RunStore(values.dir ? resolve(values.dir) : defaultRunsDir());
  const listing = await store.list();
  for (const s of listing.skipped) io.stderr.write(`skipped ${s.folder}: ${s.reason}\n`);
  if (values.json) io.stdout.write(JSON.stringify(listing) + '\n');
  else if (listing.runs.length === 0) io.stdout.write(`no runs in ${store.root}\n`);
  else io.stdout.write(runsTable(listing.runs));
  return EXIT_OK;
}
