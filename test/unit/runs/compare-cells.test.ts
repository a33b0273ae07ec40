import { describe, expect, it } from 'vitest';
import { buildCellComparison, describeGradientHealth, gradientHealth, median } from '../../../src-main/engine/compare-cells';
import { RunConfig, type BatchEvent, type RunRecord, type RunSummary, type TrainingEvent } from '../../../src-main/engine/spec';

const metrics = (mase: number) => ({ mae: mase * 10, rmse: mase * 12, mape: 5, smape: 5, mase });
const summary = (mase: number, over: Partial<RunSummary> = {}): RunSummary => ({
  test: metrics(mase),
  baselines: { naive: metrics(1), seasonalNaive: metrics(0.8) },
  skill: { vsNaive: 1 - mase, vsSeasonalNaive: 1 - mase / 0.8 },
  season: 12,
  epochs: 10,
  bestEpoch: 7,
  bestValLoss: 0.05,
  samplesPerSecond: 500,
  trainSeconds: 4,
  params: 100,
  ...over,
});

function record(cell: 'rnn' | 'lstm' | 'gru', s?: RunSummary, status: RunRecord['status'] = 'completed'): RunRecord {
  const config = RunConfig.parse({ series: { target: ['y'] }, window: { lookback: 12 }, model: { cell, layers: [{ units: 8 }] }, train: { epochs: 10 } });
  return {
    version: 1, id: `run-${cell}`, name: cell, tags: [], notes: '', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
    status, config, data: { name: 'y.csv', sha256: 'f'.repeat(64), rows: 100 }, backend: { name: 'cpu', native: false, tfjsVersion: '4.22.0' },
    versions: { app: '0.1.0', tfjs: '4.22.0', node: '20' }, summary: s, message: status === 'failed' ? 'boom' : undefined,
  };
}

const batch = (step: number, gradNorm: number, layers: Record<string, number>, clipped = false): BatchEvent => ({
  type: 'batch', epoch: 1, batch: step, step, loss: 0.1, gradNorm, layerGradNorms: layers, clipped, lr: 0.01,
});

describe('median', () => {
  it('takes the middle of odd and even lists and ignores non-finite values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([NaN, 5, Infinity])).toBe(5);
    expect(median([])).toBeNaN();
  });
});

describe('gradientHealth', () => {
  it('calls steady norms healthy and reports the clip share and weakest layer', () => {
    const events = [0.5, 0.6, 0.4, 0.5].map((g, i) => batch(i, g, { lstm_1: g * 0.8, dense_out: g * 0.3 }, i === 0));
    const health = gradientHealth(events);
    expect(health).toMatchObject({ verdict: 'healthy', medianNorm: 0.5, maxNorm: 0.6, clippedFraction: 0.25 });
    expect(health.weakestLayer?.name).toBe('dense_out');
    expect(describeGradientHealth(health)).toBe('healthy · median ‖g‖ 0.5 (max 0.6) · 25% clipped · weakest dense_out 0.15');
  });

  it('flags a spike far above the median as exploding', () => {
    const events = [1, 1, 1, 1, 200].map((g, i) => batch(i, g, { rnn_1: g }));
    expect(gradientHealth(events).verdict).toBe('exploding');
  });

  it('flags a layer whose gradient is a thousandth of the strongest as vanishing, and counts warnings', () => {
    const events: TrainingEvent[] = [1, 1.1, 0.9].map((g, i) => batch(i, g, { rnn_1: 1e-6, rnn_2: g }));
    events.push({ type: 'warning', kind: 'vanishing', epoch: 1, layer: 'rnn_1', message: 'tiny' });
    const health = gradientHealth(events);
    expect(health.verdict).toBe('vanishing');
    expect(health.warnings).toEqual({ vanishing: 1 });
    expect(describeGradientHealth(health)).toContain('warnings: 1 vanishing');
  });

  it('calls a diverged run diverged and a run without batches unknown', () => {
    expect(gradientHealth([batch(0, 1, { a: 1 })], 'diverged').verdict).toBe('diverged');
    expect(describeGradientHealth(gradientHealth([]))).toBe('no gradient data logged');
  });
});

describe('buildCellComparison', () => {
  it('builds one row per finished run and the same table as Markdown and CSV', () => {
    const runs = [
      { record: record('rnn', summary(1.2, { params: 89, trainSeconds: 2, epochs: 10, bestEpoch: 9 })), events: [batch(0, 1, { rnn_1: 1 })] },
      { record: record('lstm', summary(0.7, { params: 329 })), events: [batch(0, 0.5, { lstm_1: 0.5 })] },
      { record: record('gru', undefined, 'failed'), events: [] },
    ];
    const c = buildCellComparison('g1', runs);
    expect(c.rows.map((r) => r.cell)).toEqual(['rnn', 'lstm']);
    expect(c.rows[0]).toMatchObject({ runId: 'run-rnn', params: 89, secondsPerEpoch: 0.2, epochsToBest: 9, bestValLoss: 0.05 });
    expect(c.rows[0].naive.mase).toBe(1);
    expect(c.rows[0].seasonalNaive.mase).toBe(0.8);
    expect(c.markdown).toContain('| RNN | 89 | 0.2 | 9 | 0.05 | 12 | 14.4 | 1.2 | 1 | 0.8 | healthy');
    expect(c.markdown).toContain('Lowest test MASE: **LSTM** (0.7');
    expect(c.markdown).toContain('GRU did not finish (failed: boom)');
    const csv = c.csv.trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toBe('cell,params,s/epoch,epochs to best,best val loss,test MAE,test RMSE,test MASE,naive MASE,seasonal naive MASE,gradient health');
    expect(csv[2].startsWith('LSTM,329,0.4,7,0.05,7,8.4,0.7,1,0.8,')).toBe(true);
  });
});
