/**
 * Runs one training job in a worker process (the app's protocol), reporting progress on stderr or
 * JSON lines on stdout. Shared by `train` and `compare-cells`.
 */
import { recurrentCoreFor, type RunConfig, type TrainingEvent } from '../engine/spec';
import { TrainingProcess, type TrainingOutcome } from '../worker';
import { addonTrains } from '../engine/model/native-addon';
import { requestedRecurrentCore } from '../engine/model/requested-core';
import { backendLine } from './backend-line';
import { ProgressReporter } from './progress';

export interface TrainInWorkerOptions {
  runDir: string;
  dataPath: string;
  config: RunConfig;
  name?: string;
  group?: string;
  json: boolean;
  /** Prefix for every progress line and a `cell` field on JSON lines (compare-cells). */
  label?: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Receives the process so Ctrl-C handling can stop or kill it. */
  onStarted?: (process: TrainingProcess) => void;
}

export async function trainInWorker(opts: TrainInWorkerOptions): Promise<TrainingOutcome> {
  const prefix = opts.label ? `[${opts.label}] ` : '';
  // With a label several jobs share the terminal: plain lines, no bar.
  const progress = new ProgressReporter(opts.stderr, prefix, opts.label ? false : opts.stderr.isTTY === true);
  const emitJson = (line: object): void => {
    opts.stdout.write(JSON.stringify(opts.label ? { cell: opts.label, ...line } : line) + '\n');
  };
  const trainer = new TrainingProcess({
    runDir: opts.runDir,
    dataPath: opts.dataPath,
    config: opts.config,
    name: opts.name,
    group: opts.group,
    onHello: (hello) => {
      // The worker inherits this environment, so RNN_STUDIO_RECURRENT_CORE picks its core too.
      const core = recurrentCoreFor(hello.backend.name, opts.config.model, requestedRecurrentCore());
      // The worker loads the same addon file this process finds (run.json records what it ran).
      const cell = opts.config.model.cell;
      const kernel = core === 'tensorflow-fused' && cell !== 'lstm' ? { cell, kernel: addonTrains(cell) ? ('rnn-studio-addon' as const) : ('tensorflow-ops' as const) } : undefined;
      progress.note(backendLine(hello.backend, core, kernel));
    },
    onEvent: (event: TrainingEvent) => {
      if (opts.json) emitJson(event);
      else progress.event(event);
    },
    // The worker's error comes back in the outcome and is reported once by the command.
    onProtocolError: (problem) => progress.note(`warning: ${problem}`),
  });
  trainer.start();
  opts.onStarted?.(trainer);
  const outcome = await trainer.finished;
  progress.finish();
  return outcome;
}
