/**
 * Loads a --data file for a command and prints the problems the engine found, located by row and
 * column. Problems that make the data unusable (severity error) end the command with exit 2;
 * `--strict` makes warnings fatal too.
 */
import { resolve } from 'node:path';
import { loadTableFile, type Table } from '../engine/data';
import { describeRow, type DatasetIssue } from '../engine/spec';
import { badInput } from './cli-error';
import type { CliIo } from './io';

/** How many problems are printed before the rest are counted. */
const PRINTED = 20;

export function issueLocation(issue: DatasetIssue): string {
  const parts: string[] = [];
  const row = describeRow(issue);
  if (row) parts.push(row);
  if (issue.column !== undefined) parts.push(`column '${issue.column}'`);
  return parts.join(', ');
}

export function issueLine(issue: DatasetIssue): string {
  const where = issueLocation(issue);
  return `${issue.severity}${where ? ` at ${where}` : ''}: ${issue.message}`;
}

/** Problems that stop the command: errors always, warnings under --strict. */
export function fatalIssues(issues: DatasetIssue[], strict: boolean): DatasetIssue[] {
  return issues.filter((i) => i.severity === 'error' || (strict && i.severity === 'warning'));
}

export function printIssues(table: Table, io: CliIo, opts: { infos?: boolean } = {}): void {
  const shown = table.summary.issues.filter((i) => opts.infos || i.severity !== 'info');
  if (shown.length === 0) return;
  io.stderr.write(`${table.name}: ${shown.length} problem${shown.length === 1 ? '' : 's'} in the data\n`);
  for (const issue of shown.slice(0, PRINTED)) io.stderr.write(`  ${issueLine(issue)}\n`);
  if (shown.length > PRINTED) io.stderr.write(`  … and ${shown.length - PRINTED} more (see \`rnn-studio inspect --data ${table.path ?? table.name}\`)\n`);
}

/** Refuses the table when a fatal problem is found: one message naming what, where and how to fix. */
export function refuseUnusable(table: Table, strict: boolean): void {
  const fatal = fatalIssues(table.summary.issues, strict);
  if (fatal.length === 0) return;
  const first = fatal[0];
  const why = first.severity === 'error' ? 'the data cannot be used as it is' : '--strict makes every warning fatal';
  const more = fatal.length > 1 ? ` (${fatal.length - 1} more problem${fatal.length === 2 ? '' : 's'} listed above)` : '';
  const where = issueLocation(first);
  throw badInput(`${table.name}${where ? `, ${where}` : ''}: ${first.message} [${why}]${more}`);
}

/** Loads --data, prints its problems to stderr and refuses unusable data. */
export async function loadDataForCommand(file: string | undefined, io: CliIo, strict: boolean): Promise<{ table: Table; dataPath: string }> {
  if (!file) throw badInput('--data is required: the CSV, TSV, JSON, XLSX or Parquet file to use');
  const dataPath = resolve(file);
  const table = await loadTableFile(dataPath);
  printIssues(table, io);
  refuseUnusable(table, strict);
  return { table, dataPath };
}

/** Loads --data for `inspect`: problems are its output, so nothing is refused here. */
export async function loadDataForInspection(file: string | undefined): Promise<Table> {
  if (!file) throw badInput('--data is required: the CSV, TSV, JSON, XLSX or Parquet file to inspect');
  return loadTableFile(resolve(file));
}
