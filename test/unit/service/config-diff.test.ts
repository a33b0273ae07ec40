import { describe, expect, it } from 'vitest';
import { configDiff, flattenLeaves } from '../../../src-main/service/config-diff';

describe('configDiff', () => {
  it('lists only leaf paths whose values differ, one value per config', () => {
    const a = { model: { cell: 'lstm', layers: [{ units: 32 }] }, train: { seed: 1, optimizer: { kind: 'adam', lr: 0.01 } } };
    const b = { model: { cell: 'gru', layers: [{ units: 32 }] }, train: { seed: 1, optimizer: { kind: 'adam', lr: 0.02 } } };
    expect(configDiff([a, b])).toEqual([
      { path: 'model.cell', values: ['lstm', 'gru'] },
      { path: 'train.optimizer.lr', values: [0.01, 0.02] },
    ]);
  });

  it('treats a field missing in one config as different, and orders array indices numerically', () => {
    const layers = (n: number) => Array.from({ length: n }, () => ({ units: 8 }));
    const diff = configDiff([{ layers: layers(11), name: 'x' }, { layers: layers(2) }]);
    expect(diff.map((d) => d.path)).toEqual([...Array.from({ length: 9 }, (_, i) => `layers.${i + 2}.units`), 'name']);
    expect(diff.at(-1)).toEqual({ path: 'name', values: ['x', null] });
  });

  it('returns nothing for identical configs', () => {
    expect(configDiff([{ a: [1, 2] }, { a: [1, 2] }, { a: [1, 2] }])).toEqual([]);
  });

  it('keeps empty containers as leaves', () => {
    expect([...flattenLeaves({ transforms: [], x: {} }).entries()]).toEqual([
      ['transforms', []],
      ['x', {}],
    ]);
  });
});
