import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');

/**
 * The Python that checks exports with the real loaders (Keras, onnxruntime): the pinned venv that
 * scripts/python-venv.mjs creates under ~/.cache/rnn-studio on first use (a few minutes, once).
 */
export function exportPython(): string {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'python-venv.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error(`scripts/python-venv.mjs failed (exit ${result.status}); see its output above`);
  return result.stdout.trim();
}

/** Runs a Python script quietly (TensorFlow's start-up chatter suppressed). */
export function runPython(python: string, args: string[], cwd?: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(python, args, { encoding: 'utf8', cwd, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3', CUDA_VISIBLE_DEVICES: '' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
