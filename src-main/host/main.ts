/**
 * `npm run web`: the app in a browser. Serves the built renderer and the API on 127.0.0.1 behind a
 * fresh random token, and prints the one URL that carries it.
 */
import { resolveMaxWorkers, resolveRunsDir } from '../service/settings';
import { parseHostArgs } from './options';
import { startHost, type RunningHost } from './server';

async function main(): Promise<void> {
  const options = parseHostArgs(process.argv.slice(2));
  const runsDir = await resolveRunsDir({ explicit: options.explicitRunsDir, dataDir: options.dataDir, fallback: options.runsDir });
  const maxWorkers = await resolveMaxWorkers({ explicit: options.maxWorkers, dataDir: options.dataDir });
  const host: RunningHost = await startHost({ port: options.port, runsDir, dataDir: options.dataDir, maxWorkers, maxUploadBytes: options.maxUploadBytes });
  const info = await host.service.call('app.info', {});
  const backend = info.backend;
  const why = backend.fallbackReason ? ` — ${backend.fallbackReason}` : '';
  console.log(`RNN Studio is running at ${host.url}`);
  console.log(`Uploads: files up to ${Math.round(options.maxUploadBytes / 1024 / 1024)} MiB (--max-upload-mb N), saved in ${options.dataDir}`);
  console.log(`Backend: ${backend.name}${backend.tensorflowVersion ? ` (TensorFlow ${backend.tensorflowVersion})` : ''}, runs in ${info.runsDir}, at most ${maxWorkers} training process(es) at once${why}`);

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping training jobs (their best weights are kept) and closing…`);
    host.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('shutdown failed:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`rnn-studio web: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
