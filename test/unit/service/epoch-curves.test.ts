import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../src-main/engine/spec';
import { datasetDiff, epochCurves } from '../../../src-main/service/compare';
import type { RunRecord } from '../../../src-main/engine/spec';

const batch = (epoch: number, step: number, norms: Record<string, number>): TrainingEvent => ({
  type: 'batch', epoch, step, loss: 1, gradNorm: 1, clipped: false, layerGradNorms: norms, lr: 0.01,
}) as TrainingEvent;
const epochEvent = (epoch: number, clipEvents: number): TrainingEvent => ({
  type: 'epoch', epoch, epochs: 2, trainLoss: 1, valLoss: 1, weightNorms: {}, meanGradNorm: 1, clipEvents, lr: 0.01, samplesPerSecond: 1, elapsedSeconds: 1, etaSeconds: 1, improved: true,
}) as TrainingEvent;

describe('epoch curves', () => {
  it('averages each layer’s gradient norm over an epoch’s batches and keeps clip events', () => {
    const curves = epochCurves('r', [
      batch(1, 1, { lstm: 2, dense: 1 }),
      batch(1, 2, { lstm: 4 }),
      epochEvent(1, 1),
      batch(2, 3, { lstm: 1 }),
      epochEvent(2, 0),
    ]);
    expect(curves.clipEvents).toEqual([1, 0]);
    expect(curves.layerGradNorms).toEqual({ lstm: [3, 1], dense: [1, null] });
  });

  it('puts the dataset first among the differences when runs were trained on different data', () => {
    const run = (name: string, sha256: string) => ({ data: { name, sha256, rows: 1 } }) as RunRecord;
    expect(datasetDiff([run('a.csv', '1'), run('b.csv', '2')])).toEqual([{ path: 'dataset', values: ['a.csv', 'b.csv'] }]);
    expect(datasetDiff([run('a.csv', '1'), run('copy.csv', '1')])).toEqual([]);
  });
});
