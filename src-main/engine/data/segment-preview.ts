import type { SegmentExtent, SegmentPreview } from '../spec';
import type { PreparedSeries, SegmentName } from './types';
import { windowEndRows } from './windowing';

/**
 * What each segment will train, validate and test on, read off the prepared series itself (after
 * missing-value repair, differencing and the lookback): the split preview shows exactly this.
 */
export function segmentPreview(prepared: PreparedSeries): SegmentPreview {
  const extent = (name: SegmentName): SegmentExtent => {
    const range = prepared.segments[name];
    const windows = windowEndRows(range, prepared.window.horizon, prepared.window.stride).length;
    const last = Math.max(range.start, range.end - 1);
    return {
      firstRow: prepared.tableRows[range.start],
      lastRow: prepared.tableRows[last],
      firstX: prepared.x[range.start],
      lastX: prepared.x[last],
      rows: range.end - range.start,
      windows,
      points: windows * prepared.window.horizon,
    };
  };
  return { leadingRows: prepared.segments.train.start, train: extent('train'), val: extent('val'), test: extent('test') };
}
