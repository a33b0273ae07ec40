import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { statFieldsAfterName } from '../../../src-main/worker/worker-priority';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const SAMPLE_CSV = join(ROOT, 'resources', 'sample', 'airline-passengers.csv');
const BIN = join(ROOT, 'bin', 'rnn-studio.js');

/**
 * A tiny network run on the sample: small enough to train in seconds on two cores, big enough to have
 * train/val/test windows; without the suggested linear shortcut, so its epochs are the network's own.
 */
export const TINY = ['--target', 'Passengers', '--layers', '4', '--epochs', '2', '--lookback', '12', '--batch', '32', '--seed', '7', '--linear-shortcut', 'off'];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (bin/rnn-studio.js) as a user would, from `cwd` (default: the repository). */
export function cli(args: string[], env: NodeJS.ProcessEnv = {}, cwd: string = ROOT): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `rnn-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A process's scheduling group under Linux autogroups (`/autogroup-17 nice 10`), or null on a kernel without them. */
export function autogroupOf(pid: number): { name: string; nice: number } | null {
  const path = `/proc/${pid}/autogroup`;
  if (!existsSync(path)) return null;
  const [name, , nice] = readFileSync(path, 'utf8').trim().split(/\s+/);
  return { name, nice: Number(nice) };
}

/** The nice value of every thread of a process, as Linux reports them (/proc/<pid>/task/<tid>/stat, field 19). */
export function threadNiceValues(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // Field 19 of the line, the 17th after the command name.
    return Number(statFieldsAfterName(stat)[16]);
  });
}
