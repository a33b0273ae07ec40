#!/usr/bin/env node
// The CLI runs straight from TypeScript: tsx compiles src-main on the fly (no build step for the CLI).
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const entry = join(__dirname, '..', 'src-main', 'cli', 'main.ts');
// An absolute loader URL: `--import tsx` would resolve from the user's working directory.
const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
const child = spawn(process.execPath, ['--import', tsxLoader, entry, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { TF_CPP_MIN_LOG_LEVEL: '2', ...process.env },
});
// Ctrl-C reaches the CLI process directly (same process group); it stops training cleanly, and this
// wrapper just waits for it and passes its exit code on.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (signal === 'SIGTERM') child.kill('SIGTERM');
  });
}
child.on('error', (err) => {
  process.stderr.write(`rnn-studio: could not start node (${err.message})\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
