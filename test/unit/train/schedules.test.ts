import { describe, expect, it } from 'vitest';
import { ScheduleSpec } from '../../../src-main/engine/spec';
import { initialPlateauState, learningRateForEpoch, plateauStep, type PlateauState } from '../../../src-main/engine/train';

const lrs = (schedule: ScheduleSpec, epochs: number) => Array.from({ length: epochs }, (_, e) => learningRateForEpoch(schedule, 0.1, e, epochs));

describe('learning-rate schedules', () => {
  it('constant keeps the base rate', () => {
    expect(lrs({ kind: 'constant' }, 3)).toEqual([0.1, 0.1, 0.1]);
  });

  it('step multiplies by gamma every n epochs', () => {
    const values = lrs({ kind: 'step', every: 2, gamma: 0.5 }, 5);
    [0.1, 0.1, 0.05, 0.05, 0.025].forEach((v, i) => expect(values[i]).toBeCloseTo(v, 12));
  });

  it('cosine goes from the base rate to base × minFactor along half a cosine', () => {
    const values = lrs(ScheduleSpec.parse({ kind: 'cosine', minFactor: 0.1 }), 5);
    expect(values[0]).toBeCloseTo(0.1, 12);
    expect(values[2]).toBeCloseTo(0.055, 12); // halfway: the mean of 0.1 and 0.01
    expect(values[4]).toBeCloseTo(0.01, 12);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThan(values[i - 1]);
    expect(learningRateForEpoch({ kind: 'cosine', minFactor: 0.1 }, 0.1, 0, 1)).toBe(0.1);
  });

  it('plateau lowers the rate after `patience` epochs without improvement, and not before', () => {
    const spec = ScheduleSpec.parse({ kind: 'plateau', patience: 2, factor: 0.5, minLr: 0.03 }) as Extract<ScheduleSpec, { kind: 'plateau' }>;
    let state: PlateauState = initialPlateauState(0.1);
    const trace: [number, boolean][] = [];
    for (const loss of [1, 0.9, 0.95, 0.92, 0.93, 0.91, 0.8, 0.85, 0.86, 0.87, 0.88]) {
      const next = plateauStep(state, loss, spec);
      trace.push([next.lr, next.reduced]);
      state = next;
    }
    expect(trace).toEqual([
      [0.1, false],
      [0.1, false],
      [0.1, false],
      [0.05, true],
      [0.05, false],
      [0.03, true], // floored at minLr
      [0.03, false],
      [0.03, false],
      [0.03, false], // already at the floor: no reduction reported
      [0.03, false],
      [0.03, false],
    ]);
  });
});
