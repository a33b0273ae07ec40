import * as fs from 'node:fs';
import * as path from 'node:path';

const RELATIVE = path.join('resources', 'sample', 'airline-passengers.csv');

/**
 * The bundled Box & Jenkins airline passengers series. Found by walking up from this module, because
 * the module runs from src-main/engine/data under tsx/vitest but from out/main in the Electron bundle.
 */
export function sampleDatasetPath(): string {
  let dir = __dirname;
  for (let depth = 0; depth < 6; depth++) {
    const candidate = path.join(dir, RELATIVE);
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return path.resolve(__dirname, '..', '..', '..', RELATIVE);
}

export const SAMPLE_DATASET_PATH = sampleDatasetPath();
