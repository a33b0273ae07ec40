/**
 * rnn-studio: the command line over the same engine and worker protocol as the app.
 *   train, predict, forecast, backtest, inspect, export, runs list, compare, compare-cells, doctor
 */
import { describeFailure, EXIT_BAD_INPUT } from './cli-error';
import { processIo, type CliIo } from './io';
import { INSPECT_USAGE, TRAIN_USAGE } from './usage';

const USAGE = `usage:
  ${TRAIN_USAGE}
  rnn-studio predict --model RUN_DIR --data FILE --out FILE.csv [--all] [--strict]
  rnn-studio forecast --model RUN_DIR [--data FILE] [--future FILE] --steps N --out FILE.csv [--json]
  rnn-studio backtest --model RUN_DIR [--data FILE] [--horizon N] [--step N] [--origins N] [--out FILE.csv] [--json]
  rnn-studio export --model RUN --format tfjs|keras|onnx --out DIR
  ${INSPECT_USAGE}
  rnn-studio runs list [--dir DIR] [--json]
  rnn-studio compare RUN_DIR RUN_DIR… [--json]
  rnn-studio compare-cells --data FILE --target COL [train options] --out DIR [--workers N] [--json]
  rnn-studio doctor [--json]

--strict: every data warning is fatal (errors always are)
exit codes: 0 success, 2 bad input, config or unusable data, 1 anything else
`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

// Commands load lazily: `runs list` should not pay for loading TensorFlow.
const commands: Record<string, () => Promise<Command>> = {
  train: async () => (await import('./commands/train')).trainCommand,
  predict: async () => (await import('./commands/predict')).predictCommand,
  export: async () => (await import('./commands/export')).exportCommand,
  inspect: async () => (await import('./commands/inspect')).inspectCommand,
  forecast: async () => (await import('./commands/forecast')).forecastCommand,
  backtest: async () => (await import('./commands/backtest')).backtestCommand,
  runs: async () => (await import('./commands/runs')).runsCommand,
  compare: async () => (await import('./commands/compare')).compareCommand,
  'compare-cells': async () => (await import('./commands/compare-cells')).compareCellsCommand,
  doctor: async () => (await import('./commands/doctor')).doctorCommand,
};

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(USAGE);
    return name ? 0 : EXIT_BAD_INPUT;
  }
  const load = commands[name];
  if (!load) {
    io.stderr.write(`unknown command '${name}'\n${USAGE}`);
    return EXIT_BAD_INPUT;
  }
  try {
    return await (await load())(rest, io);
  } catch (err) {
    const { message, exitCode } = describeFailure(err);
    io.stderr.write(`error: ${message}\n`);
    return exitCode;
  }
}

/** Runs the CLI on this process's arguments and exits with its code. */
export function main(): void {
  runCli(process.argv.slice(2)).then(
    (code) => {
      // tfjs-node may keep handles open; a finished command must not hang.
      process.stdout.write('', () => process.exit(code));
    },
    (err: unknown) => {
      process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}

if (require.main === module) main();
