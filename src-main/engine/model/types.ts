/** The data-side sizes a model is built for; the ModelSpec says everything else. */
export interface ModelDims {
  /** Past steps in one input window. */
  lookback: number;
  /** Future steps predicted per window. */
  horizon: number;
  /** Columns per input step (targets first, then features). */
  inputFeatures: number;
  /** Target columns predicted per future step. */
  targets: number;
}
