/** The benchmarks' large CSV: a minute timestamp and nine numbers per row (~97 bytes a row). */
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const BENCH_CACHE = join(homedir(), '.cache', 'rnn-studio-bench');

/** A minute timestamp and nine numbers per row, deterministic. */
export async function generate(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string): Promise<void> => new Promise((done) => (out.write(text) ? done() : out.once('drain', () => done())));
  await write('time,' + Array.from({ length: 9 }, (_, c) => `v${c + 1}`).join(',') + '\n');
  const start = Date.UTC(2020, 0, 1);
  let seed = 12345;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  let chunk = '';
  for (let r = 0; r < rows; r++) {
    const time = new Date(start + r * 60_000).toISOString().slice(0, 19).replace('T', ' ');
    let line = time;
    for (let c = 0; c < 9; c++) line += ',' + (100 * Math.sin(r / (50 + c * 10)) + random() * 10 + c).toFixed(4);
    chunk += line + '\n';
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((done) => out.end(done));
}

/** The cached file of `rows` rows (generated once; never committed). */
export async function minuteCsv(rows: number): Promise<string> {
  mkdirSync(BENCH_CACHE, { recursive: true });
  const file = join(BENCH_CACHE, `minutes-${rows}.csv`);
  if (!existsSync(file)) await generate(file, rows);
  return file;
}
