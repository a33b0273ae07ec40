import { z } from 'zod';

/**
 * Formats a trained model exports to: tfjs (model.json + weights.bin), keras (Keras 3 .keras),
 * onnx (ONNX with its RNN/LSTM/GRU operators). keras and onnx come with preprocessing.json,
 * predict.py and train.py.
 */
export const ExportFormat = z.enum(['tfjs', 'keras', 'onnx']);
export type ExportFormat = z.infer<typeof ExportFormat>;
