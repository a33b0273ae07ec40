/**
 * checkSeries is the configuration check's cheap stand-in for prepareSeries: for every
 * configuration it must refuse exactly what prepareSeries refuses and preview the same segments.
 */
import { describe, expect, it } from 'vitest';
import { checkSeries, parseTable, prepareSeries, segmentPreview } from '../../../src-main/engine/data';
import type { SeriesSpec, Topology, WindowSpec } from '../../../src-main/engine/spec';

const base: SeriesSpec = { target: ['v'], features: [], missing: 'interpolate', transforms: [], scaler: 'standard', split: { val: 0.15, test: 0.15 } };
const window: WindowSpec = { lookback: 4, horizon: 2, stride: 1 };

function outcome(run: () => ReturnType<typeof segmentPreview>): unknown {
  try {
    return { preview: run() };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

describe('checkSeries', () => {
  it('previews the same segments and refuses the same configurations as prepareSeries', async () => {
    const hourly = await parseTable(
      'load.csv',
      ['time,v,w,flat,bad', ...Array.from({ length: 120 }, (_, r) => `${new Date(Date.UTC(2024, 0, 1, r)).toISOString().slice(0, 16).replace('T', ' ')},${(r % 7) + 1 + (r === 50 ? Number.NaN : 0)},${r % 5 === 0 ? '' : r},3,${r === 90 ? -1 : r + 1}`)].join('\n'),
    );
    const monthly = await parseTable('sales.csv', ['month,v', ...Array.from({ length: 40 }, (_, r) => `${2000 + Math.floor(r / 12)}-${String((r % 12) + 1).padStart(2, '0')},${r * r + 1}`)].join('\n'));
    const cases: [string, Awaited<ReturnType<typeof parseTable>>, SeriesSpec, WindowSpec, Topology][] = [
      ['plain', hourly, base, window, 'many-to-one'],
      ['features and calendar', hourly, { ...base, features: ['w'], calendar: ['hourOfDay', 'dayOfWeek'] }, window, 'many-to-one'],
      ['differenced', hourly, { ...base, transforms: [{ kind: 'diff' }, { kind: 'seasonalDiff', period: 24 }] }, window, 'many-to-many'],
      ['log of a column with a negative value', hourly, { ...base, target: ['bad'], transforms: [{ kind: 'log' }] }, window, 'many-to-one'],
      ['constant column', hourly, { ...base, features: ['flat'] }, window, 'many-to-one'],
      ['too long a lookback', hourly, base, { ...window, lookback: 200 }, 'many-to-one'],
      ['unknown column', hourly, { ...base, target: ['nope'] }, window, 'many-to-one'],
      ['year-month dates', monthly, { ...base, date: 'month', transforms: [{ kind: 'boxcox' }] }, { lookback: 3, horizon: 1, stride: 2 }, 'many-to-one'],
      ['row order', monthly, { ...base, date: undefined }, { lookback: 3, horizon: 1, stride: 1 }, 'many-to-one'],
    ];
    const kinds: string[] = [];
    for (const [name, table, series, win, topology] of cases) {
      const full = outcome(() => segmentPreview(prepareSeries(table, series, win, topology)));
      const cheap = outcome(() => segmentPreview(checkSeries(table, series, win, topology)));
      expect(cheap, name).toEqual(full);
      kinds.push(Object.keys(full as object)[0]);
    }
    // Both sides of the comparison are exercised: configurations that pass and ones refused.
    expect(kinds.filter((k) => k === 'preview').length).toBeGreaterThanOrEqual(4);
    expect(kinds.filter((k) => k === 'error').length).toBeGreaterThanOrEqual(3);
  });
});
