#!/usr/bin/env node
/**
 * Builds the CLI and the training worker as plain JavaScript (out/cli/main.js, out/cli/training-worker.js)
 * so `rnn-studio` starts without compiling TypeScript. bin/rnn-studio.js uses this build while it is
 * newer than every source file and falls back to running the sources through tsx otherwise.
 * Run by `postinstall` and `npm run build:cli`.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

try {
  // Imported here: an install without dev dependencies has no esbuild, and the CLI then runs from source.
  const { build } = await import('esbuild');
  await build({
    entryPoints: {
      main: join(root, 'src-main/cli/main.ts'),
      'training-worker': join(root, 'src-main/worker/training-worker.ts'),
    },
    outdir: join(root, 'out/cli'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Dependencies stay in node_modules (tfjs-node's native binding cannot be bundled).
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  process.stdout.write('built out/cli (CLI and training worker)\n');
} catch (error) {
  // Not fatal for an install: the CLI still runs from the TypeScript sources.
  process.stderr.write(`build-cli: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = process.argv.includes('--strict') ? 1 : 0;
}
