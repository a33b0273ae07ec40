/**
 * run.json names the kernel under a SimpleRNN's or GRU's recurrence in `recurrentKernel`; runs recorded
 * before the GRU kernels named a SimpleRNN's in `simpleRnnKernel`, and must still load and say it.
 */
import { describe, expect, it } from 'vitest';
import { RunRecord, recurrentKernelOf, runKernelNote, type CellType } from '../../../src-main/engine/spec';

function record(cell: CellType, kernelFields: Record<string, string>): RunRecord {
  return RunRecord.parse({
    version: 1,
    id: 'r1',
    name: 'run',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    status: 'completed',
    config: { series: { target: ['y'] }, window: { lookback: 24 }, model: { cell, layers: [{ units: 8 }] }, train: {} },
    data: { name: 'sample.csv', sha256: 'abc', rows: 100 },
    backend: { name: 'tensorflow', native: true, tfjsVersion: '4.22.0' },
    recurrentCore: 'tensorflow-fused',
    ...kernelFields,
    versions: { app: '0.1.0', tfjs: '4.22.0', node: '20' },
  });
}

describe('the kernel a run record names', () => {
  it('reads a GRU run of this version', () => {
    const run = record('gru', { recurrentKernel: 'rnn-studio-addon' });
    expect(recurrentKernelOf(run)).toBe('rnn-studio-addon');
    expect(runKernelNote(run)).toBe('GRU: rnn-studio-addon');
  });

  it("still loads an older SimpleRNN run's simpleRnnKernel", () => {
    const run = record('rnn', { simpleRnnKernel: 'tensorflow-ops' });
    expect(recurrentKernelOf(run)).toBe('tensorflow-ops');
    expect(runKernelNote(run)).toBe('SimpleRNN: tensorflow-ops');
  });

  it('names none for an LSTM or a run that recorded none', () => {
    expect(runKernelNote(record('lstm', {}))).toBeUndefined();
  });

  it('refuses a kernel it does not know, naming the field', () => {
    expect(() => record('gru', { recurrentKernel: 'cuda' })).toThrow(/recurrentKernel/);
  });
});
