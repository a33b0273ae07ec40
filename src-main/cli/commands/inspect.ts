import { parseArgs } from 'node:util';
import type { Table } from '../../engine/data';
import { suggestConfig } from '../../engine/defaults';
import type { ColumnInfo, RunConfig } from '../../engine/spec';
import { badInput, EXIT_BAD_INPUT, EXIT_OK } from '../cli-error';
import { fatalIssues, issueLine, loadDataForInspection } from '../data-problems';
import type { CliIo } from '../io';

export { INSPECT_USAGE } from '../usage';

/** The Data view's rule: the named targets, else the first numeric column. */
function chooseTargets(table: Table, requested: string | undefined): string[] {
  if (requested !== undefined) {
    const targets = requested.split(',').map((s) => s.trim()).filter(Boolean);
    if (targets.length === 0) throw badInput('--target: name at least one column, e.g. --target passengers');
    for (const t of targets) table.column(t);
    return targets;
  }
  return table.summary.columns.filter((c) => c.kind === 'numeric').slice(0, 1).map((c) => c.name);
}

const num = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '' : Number(v.toPrecision(6)).toString());

function statCells(column: ColumnInfo): string[] {
  const s = column.stats;
  // Both ends written the same way: with the time of day when either has one (minute data starts at midnight).
  const withTime = [s.min, s.max].some((v) => v !== null && v % 86_400_000 !== 0);
  const asDate = (v: number | null): string => (v === null ? '' : withTime ? new Date(v).toISOString().replace('.000Z', 'Z') : new Date(v).toISOString().slice(0, 10));
  const range = column.kind === 'date' ? [asDate(s.min), asDate(s.max)] : [num(s.min), num(s.max)];
  return [column.name, column.kind, String(s.count), String(s.missing), String(s.distinct), ...range, num(s.mean), num(s.std)];
}

function table2(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => '  ' + r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n') + '\n';
}

function describeConfig(config: RunConfig): string {
  const s = config.series;
  const transforms = s.transforms.length ? s.transforms.map((t) => t.kind).join(' → ') : 'none';
  const layers = config.model.layers.map((l) => l.units).join(',');
  return [
    `  targets ${s.target.join(', ')}${s.date ? `, by '${s.date}'` : ''}; missing values: ${s.missing}; transforms: ${transforms}; scaler ${s.scaler}; season ${s.season ?? 'none detected'}`,
    `  window: lookback ${config.window.lookback}, horizon ${config.window.horizon}; model: ${config.model.cell} ${layers}, ${config.model.topology}${config.model.ensemble > 1 ? `, ensemble of ${config.model.ensemble} members` : ''}${config.model.linearShortcut ? ' + linear shortcut' : ''}`,
    `  training: ${config.train.epochs} epochs, batch ${config.train.batchSize}, ${config.train.optimizer.kind} lr ${config.train.optimizer.lr}; split val ${s.split.val}, test ${s.split.test}`,
  ].join('\n') + '\n';
}

/** Prints what the app's Data view knows about a file: columns, types, stats, problems, suggested configuration. */
export async function inspectCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, target: { type: 'string' }, json: { type: 'boolean' }, strict: { type: 'boolean' } },
    strict: true,
  });
  const table = await loadDataForInspection(values.data);
  const targets = chooseTargets(table, values.target);
  let suggested: RunConfig | undefined;
  let suggestionProblem: string | undefined;
  try {
    suggested = targets.length ? suggestConfig(table, targets) : undefined;
    if (!suggested) suggestionProblem = 'no numeric column to forecast';
  } catch (err) {
    suggestionProblem = err instanceof Error ? err.message : String(err);
  }
  const summary = table.summary;
  const fatal = fatalIssues(summary.issues, values.strict === true);
  if (values.json) {
    io.stdout.write(JSON.stringify({ summary, suggestedConfig: suggested ?? null, suggestionProblem, usable: fatal.length === 0 }) + '\n');
  } else {
    io.stdout.write(`${summary.name}: ${summary.format}, ${summary.rows} rows, ${summary.columns.length} columns${summary.dateColumn ? `, dated by '${summary.dateColumn}'` : ''}\n`);
    io.stdout.write('columns:\n' + table2([['name', 'kind', 'count', 'missing', 'distinct', 'min', 'max', 'mean', 'std'], ...summary.columns.map(statCells)]));
    io.stdout.write(summary.issues.length ? `problems (${summary.issues.length}):\n${summary.issues.map((i) => `  ${issueLine(i)}`).join('\n')}\n` : 'problems: none\n');
    io.stdout.write(suggested ? `suggested configuration:\n${describeConfig(suggested)}` : `suggested configuration: none (${suggestionProblem})\n`);
  }
  if (fatal.length) {
    io.stderr.write(`error: ${summary.name}: ${fatal.length} problem${fatal.length === 1 ? ' makes' : 's make'} the data unusable as it is${values.strict ? ' (--strict counts warnings)' : ''}; first: ${issueLine(fatal[0])}\n`);
    return EXIT_BAD_INPUT;
  }
  return EXIT_OK;
}
