/** Where a command writes: real streams in the CLI, captured ones in tests. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

export const processIo: CliIo = { stdout: process.stdout, stderr: process.stderr };

/** First Ctrl-C asks for a clean stop; a second one ends at once. Returns the function that uninstalls it. */
export function onInterrupt(stop: () => void, kill: () => void, io: CliIo): () => void {
  let count = 0;
  const handler = (): void => {
    count++;
    if (count === 1) {
      io.stderr.write('\nstopping after the current batch (best weights are kept); press Ctrl-C again to end at once\n');
      stop();
    } else {
      kill();
    }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
