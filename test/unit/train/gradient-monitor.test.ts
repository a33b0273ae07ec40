import { describe, expect, it } from 'vitest';
import { GradientMonitor, median } from '../../../src-main/engine/train';

describe('GradientMonitor', () => {
  it('computes medians', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  it('flags a spike above 10× the running median, once per epoch', () => {
    const monitor = new GradientMonitor({ recurrentLayers: [] });
    for (let step = 1; step <= 20; step++) expect(monitor.observe(1, step, 1 + (step % 3) * 0.1, {})).toEqual([]);
    const [warning] = monitor.observe(1, 21, 15, {});
    expect(warning).toMatchObject({ kind: 'exploding', epoch: 1, step: 21 });
    expect(warning.message).toMatch(/epoch 1, step 21.*gradient norm was 15\.0/);
    expect(monitor.observe(1, 22, 30, {})).toEqual([]);
    expect(monitor.observe(2, 23, 300, {})).toHaveLength(1);
  });

  it('does not call normal variation a spike', () => {
    const monitor = new GradientMonitor({ recurrentLayers: [] });
    const warnings = [5, 6, 4, 8, 5, 7, 6, 5, 9, 12, 6, 5].flatMap((n, i) => monitor.observe(1, i + 1, n, {}));
    expect(warnings).toEqual([]);
  });

  it('flags a huge norm even without history', () => {
    const monitor = new GradientMonitor({ recurrentLayers: [] });
    expect(monitor.observe(1, 1, 5e3, {})[0]?.kind).toBe('exploding');
  });

  it('flags a recurrent layer whose gradient stays below 1e-3 × the largest for 10 batches', () => {
    const monitor = new GradientMonitor({ recurrentLayers: ['lstm_1', 'lstm_2'] });
    const norms = { lstm_1: 1e-6, lstm_2: 0.5, dense_out: 1 };
    for (let step = 1; step <= 9; step++) expect(monitor.observe(1, step, 1.1, norms)).toEqual([]);
    const warnings = monitor.observe(1, 10, 1.1, norms);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ kind: 'vanishing', layer: 'lstm_1', step: 10 });
  });

  it('restarts the vanishing count when the layer recovers', () => {
    const monitor = new GradientMonitor({ recurrentLayers: ['rnn_1'] });
    const low = { rnn_1: 1e-7, dense_out: 1 };
    const warnings = [];
    for (let step = 1; step <= 18; step++) warnings.push(...monitor.observe(1, step, 1, step === 9 ? { rnn_1: 0.5, dense_out: 1 } : low));
    expect(warnings).toEqual([]);
  });

  it("does not judge vanishing in the first batches it is told to wait (a shortcut model's network output starts at zero)", () => {
    const monitor = new GradientMonitor({ recurrentLayers: ['lstm_1'], vanishingAfterBatches: 30 });
    const norms = { lstm_1: 1e-6, dense_out: 1 };
    const warnings = [];
    for (let step = 1; step <= 30; step++) warnings.push(...monitor.observe(1, step, 1, norms));
    expect(warnings).toEqual([]);
    // After the wait the rule applies as usual: 10 low batches in a row.
    for (let step = 31; step <= 39; step++) expect(monitor.observe(2, step, 1, norms)).toEqual([]);
    expect(monitor.observe(2, 40, 1, norms)[0]).toMatchObject({ kind: 'vanishing', layer: 'lstm_1', step: 40 });
  });
});
