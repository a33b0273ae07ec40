import type { SegmentExtent, SegmentPreview } from '../spec';
import type { PreparedSeries, SegmentName } from './types';

/** What the preview reads: a prepared series, or a configuration check that labels rows on demand (prepare.ts checkSeries). */
export type SegmentSource = Pick<PreparedSeries, 'segments' | 'window' | 'tableRows'> & ({ x: PreparedSeries['x'] } | { labelAt(index: number): string | number });
import { windowEndRows } from './windowing';

/**
 * What each segment will train, validate and test on, read off the prepared series itself (after
 * missing-value repair, differencing and the lookback): the split preview shows exactly this.
 */
export function segmentPreview(prepared: SegmentSource): SegmentPreview {
  const labelAt = 'labelAt' in prepared ? (i: number) => prepared.labelAt(i) : (i: number) => prepared.x[i];
  const extent = (name: SegmentName): SegmentExtent => {
    const range = prepared.segments[name];
    const windows = windowEndRows(range, prepared.window.horizon, prepared.window.stride).length;
    const last = Math.max(range.start, range.end - 1);
    return {
      firstRow: prepared.tableRows[range.start],
      lastRow: prepared.tableRows[last],
      firstX: labelAt(range.start),
      lastX: labelAt(last),
      rows: range.end - range.start,
      windows,
      points: windows * prepared.window.horizon,
    };
  };
  return { leadingRows: prepared.segments.train.start, train: extent('train'), val: extent('val'), test: extent('test') };
}
