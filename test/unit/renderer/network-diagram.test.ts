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

  test('the linear shortcut is a path from the input row, through a Linear node right of the cells, into the output (many-to-one only)', () => {
    const plain = layoutNetwork({ ...base, units: [4, 3], topology: 'many-to-one' });
    const d = layoutNetwork({ ...base, units: [4, 3], topology: 'many-to-one', linearShortcut: true });
    const [linear] = kinds(d, 'linear');
    expect(linear).toBeDefined();
    expect(d.width).toBeGreaterThan(plain.width);
    const cellsRight = Math.max(...kinds(d, 'cell').map((n) => n.x + n.w));
    expect(linear.x).toBeGreaterThanOrEqual(cellsRight);
    const shortcut = d.edges.filter((e) => e.kind === 'shortcut');
    expect(shortcut.map((e) => [e.from.startsWith('in-'), e.to])).toEqual([
      [true, 'linear'],
      [false, shortcut[1].to],
    ]);
    const output = d.nodes.find((n) => n.id === shortcut[1].to)!;
    expect(output.kind).toBe('output');
    expect(output.detail).toBe('Dense+linear');
    // The polylines run right of every cell: no corner inside a cell's box.
    for (const e of shortcut) for (const p of [{ x: e.x1, y: e.y1 }, ...(e.via ?? []), { x: e.x2, y: e.y2 }]) {
      for (const cell of kinds(d, 'cell')) expect(p.x > cell.x + 0.5 && p.x < cell.x + cell.w - 0.5 && p.y > cell.y && p.y < cell.y + cell.h).toBe(false);
    }
    for (const topology of ['many-to-many', 'one-to-many', 'encoder-decoder'] as const) {
      expect(kinds(layoutNetwork({ ...base, units: [4], topology, linearShortcut: true }), 'linear')).toHaveLength(0);
    }
  });

  test('every edge joins two existing nodes and the drawing fits its canvas', () => {
    for (const topology of ['many-to-one', 'many-to-many', 'one-to-many', 'encoder-decoder'] as const) {
      const d = layoutNetwork({ ...base, units: [8, 8, 8], topology, bidirectional: true, linearShortcut: topology === 'many-to-one' });
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
