import { describe, expect, test } from 'vitest';
import { memberPrefix, type TrainingEvent } from '../../../src-main/engine/spec';
import { alreadyApplied, applyTrainingEvent, emptyTrace, progressOf } from '../../../src-renderer/src/lib/training-trace';

function batch(step: number, epoch: number, extra: Partial<Extract<TrainingEvent, { type: 'batch' }>> = {}): TrainingEvent {
  return { type: 'batch', epoch, batch: step, step, loss: 1 / step, gradNorm: 2, layerGradNorms: { lstm_1: 1.5, dense: 0.5 }, clipped: false, lr: 0.01, ...extra };
}
function epoch(n: number, epochs: number, valLoss: number): TrainingEvent {
  return {
    type: 'epoch',
    epoch: n,
    epochs,
    trainLoss: 0.5,
    valLoss,
    weightNorms: {},
    meanGradNorm: 1,
    clipEvents: 0,
    lr: 0.01,
    samplesPerSecond: 100,
    elapsedSeconds: n,
    etaSeconds: epochs - n,
    improved: true,
  };
}

describe('training trace', () => {
  test('batches fill parallel arrays and mark clipped steps; a layer first seen late is padded with NaN', () => {
    const trace = emptyTrace(3);
    applyTrainingEvent(trace, batch(1, 1, { layerGradNorms: { lstm_1: 1 } }));
    applyTrainingEvent(trace, batch(2, 1, { clipped: true, layerGradNorms: { lstm_1: 2, dense: 3 } }));
    applyTrainingEvent(trace, batch(3, 1, { layerGradNorms: { dense: 4 } }));
    expect(trace.steps).toEqual([1, 2, 3]);
    expect(trace.clippedSteps).toEqual([2]);
    expect(trace.layerGradNorms.get('lstm_1')).toEqual([1, 2, Number.NaN]);
    expect(trace.layerGradNorms.get('dense')).toEqual([Number.NaN, 3, 4]);
    expect(trace.status).toBe('running');
    expect(trace.currentEpoch).toBe(1);
  });

  test("an ensemble's layer is one line, at the largest of its members' norms; the shared shortcut keeps its own", () => {
    const trace = emptyTrace(3);
    const names = (members: number[]): Record<string, number> => Object.fromEntries(members.map((norm, k) => [`${memberPrefix(k + 1, members.length)}lstm_1`, norm]));
    applyTrainingEvent(trace, batch(1, 1, { layerGradNorms: { ...names([0.2, 0.9, 0.4]), m1_dense_out: 0.1, m2_dense_out: 0.3, shortcut_dense: 5 } }));
    applyTrainingEvent(trace, batch(2, 1, { layerGradNorms: { ...names([Number.NaN, 0.5, 0.7]), m1_dense_out: 0.2, m2_dense_out: Number.NaN } }));
    expect([...trace.layerGradNorms.keys()]).toEqual(['lstm_1', 'dense_out', 'shortcut_dense']);
    expect(trace.layerGradNorms.get('lstm_1')).toEqual([0.9, 0.7]);
    expect(trace.layerGradNorms.get('dense_out')).toEqual([0.3, 0.2]);
    expect(trace.layerGradNorms.get('shortcut_dense')).toEqual([5, Number.NaN]);
  });

  test("epochs record where they end, the engine's checkpoint as the best, and the ETA", () => {
    const trace = emptyTrace(3);
    applyTrainingEvent(trace, { type: 'checkpoint', epoch: 0, valLoss: 0.5 });
    for (const step of [1, 2]) applyTrainingEvent(trace, batch(step, 1));
    applyTrainingEvent(trace, epoch(1, 3, 0.4));
    applyTrainingEvent(trace, { type: 'checkpoint', epoch: 1, valLoss: 0.4 });
    for (const step of [3, 4]) applyTrainingEvent(trace, batch(step, 2));
    applyTrainingEvent(trace, epoch(2, 3, 0.6));
    expect(trace.epochEndSteps).toEqual([2, 4]);
    expect(trace.bestValLoss).toBe(0.4);
    expect(trace.bestEpoch).toBe(1);
    expect(trace.etaSeconds).toBe(1);
    expect(trace.currentEpoch).toBe(2);
  });

  test('an epoch that beats the last one without a checkpoint (min delta) is not the best: only the engine says so', () => {
    const trace = emptyTrace(2);
    applyTrainingEvent(trace, { type: 'checkpoint', epoch: 0, valLoss: 0.5 });
    applyTrainingEvent(trace, epoch(1, 2, 0.49));
    applyTrainingEvent(trace, epoch(2, 2, 0.48));
    expect(trace.bestEpoch).toBe(0);
    expect(trace.bestValLoss).toBe(0.5);
  });

  test('progress counts finished epochs plus the share of the current one', () => {
    const trace = emptyTrace(4);
    expect(progressOf(trace)).toBe(0);
    for (const step of [1, 2, 3, 4]) applyTrainingEvent(trace, batch(step, 1));
    applyTrainingEvent(trace, epoch(1, 4, 0.5));
    expect(progressOf(trace)).toBeCloseTo(0.25, 6);
    applyTrainingEvent(trace, batch(5, 2));
    applyTrainingEvent(trace, batch(6, 2));
    expect(progressOf(trace)).toBeCloseTo(0.375, 6);
    applyTrainingEvent(trace, { type: 'done', status: 'completed' });
    expect(progressOf(trace)).toBe(1);
  });

  test('progress and ETA are the engine’s own figures once batch events carry them (before any epoch ends)', () => {
    const trace = emptyTrace(4);
    applyTrainingEvent(trace, batch(1, 1));
    expect(progressOf(trace)).toBe(0);
    expect(trace.etaSeconds).toBeNull();
    applyTrainingEvent(trace, batch(3, 1, { etaSeconds: 26, fractionDone: 3 / 16 }));
    expect(progressOf(trace)).toBeCloseTo(3 / 16, 9);
    expect(trace.etaSeconds).toBe(26);
    applyTrainingEvent(trace, { type: 'done', status: 'completed' });
    expect(progressOf(trace)).toBe(1);
  });

  test('a status event after done does not resurrect a finished run', () => {
    const trace = emptyTrace(2);
    applyTrainingEvent(trace, { type: 'status', status: 'paused' });
    expect(trace.status).toBe('paused');
    applyTrainingEvent(trace, { type: 'done', status: 'diverged', message: 'loss became NaN at step 7' });
    applyTrainingEvent(trace, { type: 'status', status: 'running' });
    expect(trace.status).toBe('diverged');
    expect(trace.message).toBe('loss became NaN at step 7');
  });

  test('baseline and warnings are kept for the charts', () => {
    const trace = emptyTrace(2);
    applyTrainingEvent(trace, { type: 'baseline', naiveValLoss: 0.09, seasonalNaiveValLoss: 0.03, season: 12 });
    applyTrainingEvent(trace, { type: 'warning', kind: 'exploding', epoch: 1, step: 5, message: 'gradient norm 1e4' });
    expect(trace.baseline).toEqual({ naive: 0.09, seasonalNaive: 0.03, season: 12 });
    expect(trace.warnings.map((w) => w.kind)).toEqual(['exploding']);
  });

  test('alreadyApplied recognises events a log read already delivered', () => {
    const trace = emptyTrace(2);
    applyTrainingEvent(trace, batch(1, 1));
    applyTrainingEvent(trace, batch(2, 1));
    applyTrainingEvent(trace, epoch(1, 2, 0.3));
    expect(alreadyApplied(trace, batch(2, 1))).toBe(true);
    expect(alreadyApplied(trace, batch(3, 2))).toBe(false);
    expect(alreadyApplied(trace, epoch(1, 2, 0.3))).toBe(true);
    expect(alreadyApplied(trace, epoch(2, 2, 0.3))).toBe(false);
  });
});
