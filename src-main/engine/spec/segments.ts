import { z } from 'zod';

/** One chronological segment as the engine will use it: the rows it forecasts, and what is scored there. */
export const SegmentExtent = z.object({
  /** First and last forecast row, as table row numbers (0-based, the numbering of the Rows preview). */
  firstRow: z.number().int(),
  lastRow: z.number().int(),
  /** The same rows as dates when the series has a date column, else row numbers. */
  firstX: z.union([z.string(), z.number()]),
  lastX: z.union([z.string(), z.number()]),
  rows: z.number().int(),
  /** Complete windows whose forecast lies in the segment. */
  windows: z.number().int(),
  /** Forecast points compared with the actual values (windows × horizon): what the metrics average over. */
  points: z.number().int(),
});
export type SegmentExtent = z.infer<typeof SegmentExtent>;

export const SegmentPreview = z.object({
  /** Rows before the first forecast: lookback plus rows used up by differencing. */
  leadingRows: z.number().int(),
  train: SegmentExtent,
  val: SegmentExtent,
  test: SegmentExtent,
});
export type SegmentPreview = z.infer<typeof SegmentPreview>;
