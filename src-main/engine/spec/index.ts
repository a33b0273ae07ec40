// The versioned documents that drive the engine, the GUI, the CLI and the run record.
export * from './series';
export * from './window';
export * from './model';
export * from './train';
export * from './run';
export * from './dataset';
export * from './events';
export * from './export';
export * from './run-status';
export * from './segments';
export * from './run-title';
export * from './results';
export * from './recurrent-core';
export * from './row-place';
export * from './recipe';
export * from './layer-names';
