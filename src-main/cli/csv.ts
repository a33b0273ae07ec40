// The CLI writes CSV cells by the engine's one rule.
export { csvCell } from '../engine/csv-cell';
