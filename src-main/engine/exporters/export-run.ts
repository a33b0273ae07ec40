/**
 * Exports a run's trained model into one folder per format:
 *   tfjs:  model.json + weights.bin + preprocessing.json (the run's own model files)
 *   keras: model.keras + the Python kit
 *   onnx:  model.onnx + the Python kit
 * The Python kit is preprocessing.json, run-config.json, rnn_studio_pipeline.py, predict.py (forecast
 * from a CSV in original units) and train.py (retrain with tf.distribute).
 * The folder is written under a temporary name and renamed into place, so it is complete or absent.
 */
import { copyFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { loadModelDir, MODEL_JSON, PREPROCESSING_JSON } from '../export';
import { EXPORT_DIR, replaceDirAtomic, writeFileAtomic } from '../run';
import { ExportFormat, type RunConfig } from '../spec';
import { writeKerasFile } from './keras-format';
import { readLayerChain } from './layer-chain';
import { onnxModelBytes } from './onnx-format';
import { PIPELINE_PY } from './python/pipeline-py';
import { predictPy } from './python/predict-py';
import { TRAIN_PY } from './python/train-py';

export const EXPORT_FORMATS = ExportFormat.options;
export { ExportFormat };

/** Where an export of a run goes by default: its own export/ folder, one subfolder per format. */
export function runExportDir(runDir: string, format: ExportFormat): string {
  // tfjs keeps the name it always had (export/model).
  return join(runDir, EXPORT_DIR, format === 'tfjs' ? 'model' : format);
}

export const KERAS_FILE = 'model.keras';
export const ONNX_FILE = 'model.onnx';
export const RUN_CONFIG_JSON = 'run-config.json';

export class ExportRefusedError extends Error {
  override name = 'ExportRefusedError';
}

export interface ExportSource {
  /** The run's model folder (model.json, weights.bin, preprocessing.json). */
  modelDir: string;
  /** The run's configuration: train.py rebuilds the model and the training from it. */
  config: RunConfig;
  /** Recorded as the ONNX producer version. */
  appVersion: string;
}

async function writePythonKit(dir: string, modelFile: string, source: ExportSource): Promise<string[]> {
  const files: [string, string][] = [
    [RUN_CONFIG_JSON, JSON.stringify(source.config, null, 2) + '\n'],
    ['rnn_studio_pipeline.py', PIPELINE_PY],
    ['predict.py', predictPy(modelFile)],
    ['train.py', TRAIN_PY],
  ];
  for (const [name, text] of files) await writeFileAtomic(join(dir, name), text);
  await copyFile(join(source.modelDir, PREPROCESSING_JSON), join(dir, PREPROCESSING_JSON));
  return [...files.map(([name]) => name), PREPROCESSING_JSON];
}

async function writeModelFile(format: 'keras' | 'onnx', model: tf.LayersModel, dir: string, appVersion: string): Promise<string> {
  const chain = readLayerChain(model);
  if (format === 'keras') {
    await writeKerasFile(join(dir, KERAS_FILE), chain, dir);
    return KERAS_FILE;
  }
  await writeFileAtomic(join(dir, ONNX_FILE), onnxModelBytes(chain, appVersion));
  return ONNX_FILE;
}

/**
 * Writes the export of `source` in `format` to `target`, replacing a previous export there.
 * Returns the absolute paths of the files written. Throws ExportRefusedError when the run has no
 * model and UnsupportedModelError when a layer has no equivalent in the format.
 */
export async function exportModel(format: ExportFormat, source: ExportSource, target: string): Promise<string[]> {
  if (!existsSync(join(source.modelDir, MODEL_JSON))) {
    throw new ExportRefusedError(`there is no trained model to export: ${join(source.modelDir, MODEL_JSON)} is missing (a run saves its model after its first epoch that improves the validation loss)`);
  }
  const names = await replaceDirAtomic(target, async (dir) => {
    if (format === 'tfjs') {
      const files = (await readdir(source.modelDir)).filter((name) => !name.startsWith('.'));
      for (const name of files) await copyFile(join(source.modelDir, name), join(dir, name));
      return files;
    }
    const { model } = await loadModelDir(source.modelDir);
    try {
      const modelFile = await writeModelFile(format, model, dir, source.appVersion);
      return [modelFile, ...(await writePythonKit(dir, modelFile, source))];
    } finally {
      model.dispose();
    }
  });
  return names.map((name) => join(target, name));
}
