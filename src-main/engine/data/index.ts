// The data layer: files → Table (typed columns, stats, issues) → PreparedSeries (clean, transformed,
// scaled, split, windowed). Pure TypeScript: no tfjs, no Electron, no DOM.
export { DataError } from './data-error';
export type { DataErrorCode, DataErrorLocation } from './data-error';
export type { Table, LoadOptions, PreparedSeries, WindowBatch, SegmentName, RowRange } from './types';
export { PreprocessingRecord, FittedTransform, ScalerParams } from './preprocessing-record';
export { loadTableFile, parseTable, formatFromName } from './load';
export { dateLabels } from './build-table';
export { checkSeries, prepareSeries, preparedFromRecord, type SeriesCheck } from './prepare';
export { computeSegments, minimumRows } from './split';
export { segmentPreview } from './segment-preview';
export { sampleDatasetPath, SAMPLE_DATASET_PATH } from './sample';
export { describeFsError, statDataFile } from './file-access';
export { calendarColumnNames, calendarColumnValues, calendarValue, medianSpacing, parseCalendarColumn, suggestCalendar } from './calendar';
export { leadColumn } from './windowing';
export { describeSeriesRow } from './prepared-series';
export { seriesRowOfTableRow, seriesRowPlace } from './series-rows';
