/**
 * Command-line options of the browser host. The access token is deliberately not an option: a token
 * on the command line is visible to every user of the machine through the process list.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../common/contract';
import { parseWorkers } from '../service/settings';

export interface HostCliOptions {
  /** 0 = pick a free port. */
  port: number;
  /** The default runs folder, or the one `--runs-dir` gave. */
  runsDir: string;
  /** Set only when `--runs-dir` was given: it then wins over the folder saved in settings.json. */
  explicitRunsDir?: string;
  dataDir: string;
  /** `--workers N`: most training processes at once (else settings.json, else the core count). */
  maxWorkers?: number;
  /** `--max-upload-mb N`: the largest file a page may upload (default DEFAULT_MAX_UPLOAD_BYTES). */
  maxUploadBytes: number;
}

/** `$XDG_DATA_HOME/rnn-studio`, else `~/.local/share/rnn-studio`. */
export function defaultDataRoot(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_DATA_HOME;
  return xdg && xdg.trim() !== '' ? join(xdg, 'rnn-studio') : join(homedir(), '.local', 'share', 'rnn-studio');
}

const USAGE = 'usage: npm run web -- [--port N] [--runs-dir DIR] [--data-dir DIR] [--workers N] [--max-upload-mb N]';

export function parseHostArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): HostCliOptions {
  const root = defaultDataRoot(env);
  const options: HostCliOptions = { port: 0, runsDir: join(root, 'runs'), dataDir: join(root, 'data'), maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value; ${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const raw = value();
        const port = Number(raw);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer from 0 to 65535, got "${raw}"`);
        options.port = port;
        break;
      }
      case '--runs-dir':
        options.runsDir = resolve(value());
        options.explicitRunsDir = options.runsDir;
        break;
      case '--data-dir':
        options.dataDir = resolve(value());
        break;
      case '--workers':
        options.maxWorkers = parseWorkers(value());
        break;
      case '--max-upload-mb': {
        const raw = value();
        const mb = Number(raw);
        if (!Number.isInteger(mb) || mb < 1 || mb > 1024 * 1024) throw new Error(`--max-upload-mb must be a whole number of MiB from 1 to 1048576, got "${raw}"`);
        options.maxUploadBytes = mb * 1024 * 1024;
        break;
      }
      case '--token':
        throw new Error('--token is not accepted: the host makes a fresh random token each start and prints the URL that carries it');
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`unknown option "${arg}"; ${USAGE}`);
    }
  }
  return options;
}
