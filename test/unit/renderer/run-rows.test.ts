import { describe, expect, it } from 'vitest';
import { RunRecord } from '../../../src-main/engine/spec';
import { applyRunQuery, parseRunQuery, runToRow, type RunRow } from '../../../src-renderer/src/lib/runRows';

function record(id: string, over: { cell?: 'rnn' | 'lstm' | 'gru'; units?: number[]; lookback?: number; mase?: number; tags?: string[]; status?: RunRecord['status']; createdAt?: string }): RunRecord {
  const metrics = (mase: number) => ({ mae: mase * 2, rmse: mase * 3, mape: 10, smape: 9, mase });
  return RunRecord.parse({
    version: 1,
    id,
    name: `run ${id}`,
    tags: over.tags ?? [],
    createdAt: over.createdAt ?? '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    status: over.status ?? 'completed',
    config: {
      series: { target: ['y'] },
      window: { lookback: over.lookback ?? 24 },
      model: { cell: over.cell ?? 'lstm', layers: (over.units ?? [32]).map((units) => ({ units })) },
      train: {},
    },
    data: { name: 'sample.csv', sha256: 'abc', rows: 100 },
    backend: { name: 'tensorflow', native: true, tfjsVersion: '4.22.0' },
    versions: { app: '0.1.0', tfjs: '4.22.0', node: '20' },
    summary:
      over.mase === undefined
        ? undefined
        : {
            test: metrics(over.mase),
            baselines: { naive: metrics(1), seasonalNaive: metrics(0.8) },
            skill: { vsNaive: 1 - over.mase, vsSeasonalNaive: 1 - over.mase / 0.8 },
            season: 12,
            epochs: 5,
            bestEpoch: 4,
            bestValLoss: 0.1,
            samplesPerSecond: 1000,
            trainSeconds: 3,
            params: 500,
          },
  });
}

const rows: RunRow[] = [
  record('a', { cell: 'lstm', units: [64, 32], lookback: 48, mase: 0.5, tags: ['baseline'] }),
  record('b', { cell: 'gru', units: [16], lookback: 12, mase: 1.2, createdAt: '2026-02-01T00:00:00.000Z' }),
  record('c', { cell: 'rnn', units: [8], lookback: 24, status: 'interrupted' }),
].map(runToRow);

const ids = (q: string) => applyRunQuery(rows, q).rows.map((r) => r.id);

describe('runToRow', () => {
  it('flattens spec fields and test metrics, and leaves metrics empty for runs without a summary', () => {
    expect(rows[0]).toMatchObject({ cell: 'lstm', units: '64 × 32', totalUnits: 96, layers: 2, lookback: 48, mase: 0.5, skill: 0.5, epochs: 5 });
    expect(rows[2]).toMatchObject({ status: 'interrupted', mae: null, mase: null, skill: null });
  });
});

describe('run query', () => {
  it('matches text fields partially and bare words against name, id and tags', () => {
    expect(ids('cell:ls')).toEqual(['a']);
    expect(ids('baseline')).toEqual(['a']);
    expect(ids('run')).toEqual(['a', 'b', 'c']);
    expect(ids('status=interrupted')).toEqual(['c']);
  });
  it('compares numbers and skips runs that lack the metric', () => {
    expect(ids('mase<1')).toEqual(['a']);
    expect(ids('lookback>=24')).toEqual(['a', 'c']);
    expect(ids('units>20 lookback<30')).toEqual([]);
    expect(ids('units=16')).toEqual(['b']);
  });
  it('compares created dates as ISO text', () => {
    expect(ids('created>2026-01-15')).toEqual(['b']);
  });
  it('reports an unknown field or a non-numeric comparison and keeps all rows', () => {
    const bad = applyRunQuery(rows, 'colour:red');
    expect(bad.error).toMatch(/unknown field "colour"/);
    expect(bad.rows).toHaveLength(3);
    expect(() => parseRunQuery('mase<abc')).toThrow(/"abc" is not a number/);
    expect(() => parseRunQuery('cell:')).toThrow(/has no value/);
  });
});
