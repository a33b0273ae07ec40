import { describe, expect, test } from 'vitest';
import { layoutNetwork, visibleSteps } from '../../../src-renderer/src/lib/network-diagram';

const base = { cell: 'lstm', units: [32, 16], bidirectional: false, lookback: 24, horizon: 3 } as const;
const kinds = (d: ReturnType<typeof layoutNetwork>, kind: string) => d.nodes.filter((n) => n.kind === kind);

describe('unrolled network layout', () => {
  test('visibleSteps elides the middle of long sequences', () => {
    expect(visibleSteps(3, 4)).toEqual([1, 2, 3]);
    expect(visibleSteps(24, 4)).toEqual([1, 2, null, 24]);
  });

  test('many-to-one: stacked cells per drawn step, one output at the last step', () => {
    const d = layoutNetwork({ ...base, units: [...base.units], topology: 'many-to-one' });
    expect(kinds(d, 'input')).toHaveLength(3);
    expect(kinds(d, 'cell')).toHaveLength(3 * 2);
    expect(kinds(d, 'output')).toHaveLength(1);
    expect(kinds(d, 'output')[0].label).toContain('t+3');
    expect(kinds(d, 'repeat')).toHaveLength(0);
    expect(kinds(d, 'cell').map((n) => n.detail)).toContain('16 units');
  });

  test('many-to-many: an output at every drawn step', () => {
    const d = layoutNetwork({ ...base, units: [...base.units], topology: 'many-to-many' });
    expect(kinds(d, 'output')).toHaveLength(3);
  });

  test('encoder-decoder: encoder steps, a repeat vector, decoder steps with outputs', () => {
    const d = layoutNetwork({ ...base, units: [...base.units], topology: 'encoder-decoder' });
    expect(kinds(d, 'repeat')).toHaveLength(1);
    expect(kinds(d, 'repeat')[0].detail).toBe('× 3');
    expect(kinds(d, 'output')).toHaveLength(3);
    expect(d.edges.filter((e) => e.kind === 'state')).toHaveLength(2);
    // encoder: 3 drawn steps of 2 stacked cells; decoder: 3 steps of the engine's one decoder layer
    expect(kinds(d, 'cell')).toHaveLength(3 * 2 + 3);
  });

  test('encoder-decoder with bidirectional layers: the decoder is one one-way layer with the last encoder units', () => {
    const d = layoutNetwork({ ...base, units: [32, 16], topology: 'encoder-decoder', bidirectional: true });
    const decoderCells = d.nodes.filter((n) => n.id.startsWith('dec-') && n.kind === 'cell');
    expect(decoderCells).toHaveLength(3);
    expect(decoderCells.every((n) => n.label === 'LSTM' && n.detail === '16 units')).toBe(true);
    const backOnDecoder = d.edges.filter((e) => e.kind === 'recurrent-back' && e.from.startsWith('dec-'));
    expect(backOnDecoder).toHaveLength(0);
    expect(d.edges.filter((e) => e.kind === 'recurrent-back' && e.from.startsWith('enc-')).length).toBeGreaterThan(0);
  });

  test('encoder-decoder caption counts one decoder step as "1 step"', () => {
    const d = layoutNetwork({ ...base, units: [...base.units], topology: 'encoder-decoder', lookback: 96, horizon: 1 });
    expect(d.captions.map((c) => c.text)).toContain('encoder (96 steps) → state → decoder (1 step)');
  });

  test('one-to-many: a single input vector feeds the repeat vector', () => {
    const d = layoutNetwork({ ...base, units: [...base.units], topology: 'one-to-many' });
    expect(kinds(d, 'input')).toHaveLength(1);
    expect(kinds(d, 'repeat')).toHaveLength(1);
    expect(d.edges.some((e) => e.from === 'in-last' && e.to === 'repeat')).toBe(true);
  });

  test('bidirectional adds a backward recurrent edge for every forward one', () => {
    const one = layoutNetwork({ ...base, units: [...base.units], topology: 'many-to-one' });
    const bi = layoutNetwork({ ...base, units: [...base.units], topology: 'many-to-one', bidirectional: true });
    const forward = bi.edges.filter((e) => e.kind === 'recurrent').length;
    expect(forward).toBe(one.edges.filter((e) => e.kind === 'recurrent').length);
    expect(bi.edges.filter((e) => e.kind === 'recurrent-back')).toHaveLength(forward);
  });

  test('every edge joins two existing nodes and the drawing fits its canvas', () => {
    for (const topology of ['many-to-one', 'many-to-many', 'one-to-many', 'encoder-decoder'] as const) {
      const d = layoutNetwork({ ...base, units: [8, 8, 8], topology, bidirectional: true });
      const ids = new Set(d.nodes.map((n) => n.id));
      for (const e of d.edges) {
        expect(ids.has(e.from)).toBe(true);
        expect(ids.has(e.to)).toBe(true);
      }
      for (const n of d.nodes) {
        expect(n.x + n.w).toBeLessThanOrEqual(d.width);
        expect(n.y + n.h).toBeLessThanOrEqual(d.height);
      }
    }
  });

  // Out-of-range window sizes now reach the config (the form shows the schema error instead of
  // clamping), and the diagram keeps drawing from that config while the error is on screen.
  test.each(['many-to-one', 'many-to-many', 'one-to-many', 'encoder-decoder'] as const)('%s: lays out out-of-range window sizes without throwing', (topology) => {
    for (const [lookback, horizon] of [[0, 0], [-3, -2], [2.5, 1.5], [1e9, 1e9]]) {
      const d = layoutNetwork({ ...base, units: [...base.units], topology, lookback, horizon });
      expect(d.nodes.every((n) => Number.isFinite(n.x) && Number.isFinite(n.y))).toBe(true);
    }
  });
});
