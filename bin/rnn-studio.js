#!/usr/bin/env node
// Runs the CLI built as JavaScript (out/cli, made by `npm run build:cli` and postinstall) when it is
// newer than every source file; otherwise runs the TypeScript sources through tsx, as before.
const { spawn } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const root = join(__dirname, '..');
const built = join(root, 'out', 'cli', 'main.js');
const sources = join(root, 'src-main');

/** The newest modification time under a folder (the sources the build was made from). */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

function builtIsCurrent() {
  if (!existsSync(built)) return false;
  if (!existsSync(sources)) return true;
  return statSync(built).mtimeMs >= newestMtime(sources);
}

if (process.env.RNN_STUDIO_FROM_SOURCE !== '1' && builtIsCurrent()) {
  if (process.env.TF_CPP_MIN_LOG_LEVEL === undefined) process.env.TF_CPP_MIN_LOG_LEVEL = '2';
  require(built).main();
} else {
  const entry = join(sources, 'cli', 'main.ts');
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
}
