/** datasets.* — open, upload, preview rows and chart series of a dataset. */
import { apiError } from '../common/contract';
import { sampleDatasetPath } from '../engine/data';
import type { ServiceContext } from './context';
import { m4Indices } from './downsample';
import type { Handlers } from './handler-table';

type DatasetMethods = 'datasets.openPath' | 'datasets.upload' | 'datasets.openUpload' | 'datasets.openSample' | 'datasets.rows' | 'datasets.series';

export function datasetHandlers(ctx: ServiceContext): Handlers<DatasetMethods> {
  const { datasets } = ctx;
  return {
    'datasets.openPath': async ({ path }) => datasets.summary(await datasets.openPath(path)),
    'datasets.upload': async ({ name, base64 }) => datasets.summary(await datasets.upload(name, base64)),
    'datasets.openUpload': async ({ uploadId, name }) => datasets.summary(await datasets.openUpload(uploadId, name)),
    'datasets.openSample': async () => datasets.summary(await datasets.openPath(sampleDatasetPath())),

    'datasets.rows': async ({ datasetId, offset, limit }) => {
      const { table } = datasets.get(datasetId);
      // One page of rows, built from the typed columns (never the whole table as text).
      const end = Math.min(table.rowCount, offset + limit);
      const rows = Array.from({ length: Math.max(0, end - offset) }, (_, i) => table.rowCells(offset + i));
      return { offset, total: table.rowCount, columns: table.header, rows };
    },

    'datasets.series': async ({ datasetId, columns, maxPoints, fromRow, toRow }) => {
      const { table } = datasets.get(datasetId);
      columns.forEach((name, i) => {
        if (!table.header.includes(name)) {
          throw apiError('bad_input', `no column '${name}' in ${table.name}; columns are: ${table.header.join(', ')}`, `columns.${i}`);
        }
      });
      const values = columns.map((name) => table.column(name));
      const from = fromRow ?? 0;
      const to = Math.min(table.rowCount, toRow ?? table.rowCount);
      if (from >= to) {
        throw apiError('bad_input', `fromRow ${from} must be below toRow ${toRow ?? table.rowCount} and the ${table.rowCount} rows of ${table.name}`, 'fromRow');
      }
      const rowCount = table.rowCount;
      const index = m4Indices(values, to, maxPoints, from);
      const dates = table.dates;
      const x = index.map((i) => (dates && Number.isFinite(dates[i]) ? new Date(dates[i]).toISOString() : i));
      const series: Record<string, (number | null)[]> = {};
      columns.forEach((name, c) => {
        series[name] = index.map((i) => (Number.isFinite(values[c][i]) ? values[c][i] : null));
      });
      return { x, index, columns: series, totalRows: rowCount };
    },
  };
}
