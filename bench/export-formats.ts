/**
 * How long writing each export format takes for a mid-sized model (bidirectional 2×128 LSTM,
 * lookback 48, 3 features; about 0.53 M parameters), and the file sizes.
 *
 *   npx tsx bench/export-formats.ts
 *
 * Prints numbers; asserts nothing.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../src-main/engine/backend';
import { onnxModelBytes, readLayerChain, writeKerasFile } from '../src-main/engine/exporters';
import { buildModel } from '../src-main/engine/model';
import { ModelSpec } from '../src-main/engine/spec';

const REPEATS = 5;

async function timed(what: string, repeats: number, work: () => Promise<string>): Promise<void> {
  await work(); // warm-up (loads h5wasm's wasm once)
  const started = performance.now();
  let file = '';
  for (let i = 0; i < repeats; i++) file = await work();
  const ms = (performance.now() - started) / repeats;
  const size = (await stat(file)).size;
  console.log(`${what.padEnd(8)} ${ms.toFixed(1).padStart(8)} ms per export   ${(size / 1024).toFixed(0).padStart(6)} KiB`);
}

async function main(): Promise<void> {
  const backend = await initBackend();
  const model = buildModel(ModelSpec.parse({ cell: 'lstm', layers: [{ units: 128 }, { units: 128 }], bidirectional: true }), { lookback: 48, horizon: 12, inputFeatures: 3, targets: 1 }, 1);
  const dir = await mkdtemp(join(tmpdir(), 'rnn-bench-export-'));
  console.log(`backend ${backend.name}; model ${model.countParams()} parameters; mean of ${REPEATS} exports`);
  try {
    const chain = readLayerChain(model);
    await timed('keras', REPEATS, async () => {
      const file = join(dir, 'model.keras');
      await writeKerasFile(file, readLayerChain(model), dir);
      return file;
    });
    await timed('onnx', REPEATS, async () => {
      const file = join(dir, 'model.onnx');
      await writeFile(file, onnxModelBytes(chain, 'bench'));
      return file;
    });
  } finally {
    model.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
