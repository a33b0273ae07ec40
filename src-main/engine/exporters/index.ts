export { exportModel, runExportDir, EXPORT_FORMATS, ExportFormat, ExportRefusedError, KERAS_FILE, ONNX_FILE, RUN_CONFIG_JSON, type ExportSource } from './export-run';
export { readLayerChain, UnsupportedModelError, type LayerChain, type ChainLayer } from './layer-chain';
export { writeKerasFile, kerasModelConfig, kerasWeightsLayout, KERAS_VERSION } from './keras-format';
export { onnxModelBytes, ONNX_INPUT, ONNX_OUTPUT, ONNX_OPSET } from './onnx-format';
