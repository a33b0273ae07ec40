/**
 * A trained model on disk: `model.json` + `weights.bin` in the standard tfjs layers format (loadable
 * by `tf.loadLayersModel('file://…/model.json')` anywhere) and `preprocessing.json`, everything
 * needed to turn new data into inputs and outputs back into original units.
 *
 * The IOHandler is our own, on plain `fs`, so saving works on every backend (tfjs-node's `file://`
 * handler exists only with the native binding). Saving is atomic: a complete directory is written
 * under a temporary name and renamed into place, so a crash never leaves a half-written model.
 */
import * as tf from '@tensorflow/tfjs';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PreprocessingRecord } from './data';
import { withFastestCore } from './model/rehost';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';
export const PREPROCESSING_JSON = 'preprocessing.json';

async function writeFileSynced(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Saves model artifacts into `dir` (which must exist) as model.json + weights.bin. */
function fsSaveHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) throw new Error('only layers models (JSON topology) can be saved');
      const weights = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      await writeFileSynced(path.join(dir, MODEL_JSON), JSON.stringify(modelJson));
      await writeFileSynced(path.join(dir, WEIGHTS_BIN), new Uint8Array(weights));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

/** Loads model.json + the weight files its manifest names from `dir`. */
function fsLoadHandler(dir: string): tf.io.IOHandler {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const jsonPath = path.join(dir, MODEL_JSON);
      let modelJson: tf.io.ModelJSON;
      try {
        modelJson = JSON.parse(await fs.readFile(jsonPath, 'utf8')) as tf.io.ModelJSON;
      } catch (err) {
        throw new Error(`cannot read the model at ${jsonPath}: ${err instanceof Error ? err.message : String(err)}`);
      }
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const relative of group.paths) {
            const file = path.resolve(dir, relative);
            if (path.relative(dir, file).startsWith('..')) throw new Error(`${jsonPath}: weight path '${relative}' points outside the model folder`);
            const bytes = await fs.readFile(file);
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
          }
        }
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}

/**
 * Writes model.json, weights.bin and preprocessing.json to `dir`, replacing what was there.
 * Returns the absolute paths of the files written.
 */
export async function saveModelDir(dir: string, model: tf.LayersModel, preprocessing: PreprocessingRecord): Promise<string[]> {
  const target = path.resolve(dir);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const staging = `${target}.tmp-${process.pid}-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
  await fs.mkdir(staging);
  try {
    await model.save(fsSaveHandler(staging));
    await writeFileSynced(path.join(staging, PREPROCESSING_JSON), JSON.stringify(PreprocessingRecord.parse(preprocessing), null, 2));
    await replaceDir(staging, target);
  } catch (err) {
    await fs.rm(staging, { recursive: true, force: true });
    throw err;
  }
  return [MODEL_JSON, WEIGHTS_BIN, PREPROCESSING_JSON].map((name) => path.join(target, name));
}

/** Renames `staging` onto `target`; an existing target is moved aside first and removed after. */
async function replaceDir(staging: string, target: string): Promise<void> {
  const previous = `${staging}.old`;
  let moved = false;
  try {
    await fs.rename(target, previous);
    moved = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await fs.rename(staging, target);
  if (moved) await fs.rm(previous, { recursive: true, force: true });
}

/** Loads what saveModelDir wrote. Throws a message naming the folder and file when something is missing or invalid. */
export async function loadModelDir(dir: string): Promise<{ model: tf.LayersModel; preprocessing: PreprocessingRecord }> {
  const folder = path.resolve(dir);
  const recordPath = path.join(folder, PREPROCESSING_JSON);
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(recordPath, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${recordPath}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = PreprocessingRecord.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${recordPath}: ${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid preprocessing record'}`);
  }
  // The file holds stock tfjs layers; predicting runs on the fastest recurrent core instead (same weights).
  const model = withFastestCore(await tf.loadLayersModel(fsLoadHandler(folder)));
  return { model, preprocessing: parsed.data };
}
