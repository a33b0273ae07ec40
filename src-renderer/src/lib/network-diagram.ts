import type { Topology } from '@engine-spec/index';

export type DiagramNodeKind = 'input' | 'cell' | 'output' | 'repeat' | 'ellipsis' | 'linear';
export interface DiagramNode {
  id: string;
  kind: DiagramNodeKind;
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  /** Second line under the label (units, time index). */
  detail?: string;
}
export type DiagramEdgeKind = 'forward' | 'recurrent' | 'recurrent-back' | 'state' | 'shortcut';
export interface DiagramEdge {
  from: string;
  to: string;
  kind: DiagramEdgeKind;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Corners between (x1, y1) and (x2, y2) for an edge drawn as a polyline (the linear shortcut's, around the cells). */
  via?: { x: number; y: number }[];
}
export interface DiagramCaption {
  x: number;
  y: number;
  text: string;
}
export interface NetworkDiagram {
  width: number;
  height: number;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  captions: DiagramCaption[];
}

export interface DiagramInput {
  topology: Topology;
  cell: string;
  units: number[];
  bidirectional: boolean;
  lookback: number;
  horizon: number;
  /** Time steps drawn per sequence before the rest is elided. */
  maxSteps?: number;
  /** The linear shortcut (many-to-one): a linear map of the whole window added to the output. */
  linearShortcut?: boolean;
}

interface Stack {
  units: number[];
  bidirectional: boolean;
  label: string;
}

const COL = 92;
const ROW = 62;
const NODE_W = 72;
const NODE_H = 38;
const MARGIN = 24;
const CAPTION_SPACE = 26;

/** Which time indices to draw for a sequence of n steps: all when short, else first ones, a gap, the last. */
export function visibleSteps(n: number, max = 4): Array<number | null> {
  if (n <= max) return Array.from({ length: n }, (_, i) => i + 1);
  const head = Array.from({ length: max - 2 }, (_, i) => i + 1);
  return [...head, null, n];
}

/** Lays out the unrolled network for a topology: pure geometry, drawn by an SVG template. */
export function layoutNetwork(input: DiagramInput): NetworkDiagram {
  const layers = Math.max(1, input.units.length);
  const maxSteps = input.maxSteps ?? 4;
  const cellName = input.cell.toUpperCase() + (input.bidirectional ? ' ⇄' : '');
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const captions: DiagramCaption[] = [];
  const byId = new Map<string, DiagramNode>();

  // Rows from top: output, layers (top layer first), input.
  const outputY = MARGIN + CAPTION_SPACE;
  const layerY = (layer: number) => outputY + ROW * (layers - layer);
  const inputY = layerY(0) + ROW;

  const add = (node: DiagramNode) => {
    nodes.push(node);
    byId.set(node.id, node);
    return node;
  };
  const connect = (from: string, to: string, kind: DiagramEdgeKind) => {
    const a = byId.get(from);
    const b = byId.get(to);
    if (!a || !b) return;
    const horizontal = Math.abs(a.y - b.y) < 1;
    if (horizontal) {
      const leftToRight = a.x < b.x;
      const offset = kind === 'recurrent-back' ? 7 : kind === 'recurrent' && byId.get(from)?.label.endsWith('⇄') ? -7 : 0;
      edges.push({
        from,
        to,
        kind,
        x1: leftToRight ? a.x + a.w : a.x,
        y1: a.y + a.h / 2 + offset,
        x2: leftToRight ? b.x : b.x + b.w,
        y2: b.y + b.h / 2 + offset,
      });
    } else {
      const upward = a.y > b.y;
      edges.push({ from, to, kind, x1: a.x + a.w / 2, y1: upward ? a.y : a.y + a.h, x2: b.x + b.w / 2, y2: upward ? b.y + b.h : b.y });
    }
  };

  /** The recurrent stack the input runs through: every layer as designed. */
  const stack: Stack = { units: input.units.length ? input.units : [0], bidirectional: input.bidirectional, label: cellName };
  /**
   * The encoder-decoder's decoder, as the engine builds it (engine/model/plan.ts): one one-way layer
   * of the same cell with the last encoder layer's units.
   */
  const decoderStack: Stack = { units: [input.units[input.units.length - 1] ?? 0], bidirectional: false, label: input.cell.toUpperCase() };

  /** A column of stacked cells at x for one time step; returns ids bottom-up. */
  const cellColumn = (prefix: string, column: number, step: number | null, x: number, of: Stack = stack): string[] => {
    const ids: string[] = [];
    for (let layer = 0; layer < of.units.length; layer++) {
      const id = `${prefix}-c${column}-l${layer}`;
      if (step === null) add({ id, kind: 'ellipsis', x, y: layerY(layer), w: NODE_W, h: NODE_H, label: '…' });
      else add({ id, kind: 'cell', x, y: layerY(layer), w: NODE_W, h: NODE_H, label: of.label, detail: `${of.units[layer] || '?'} units` });
      ids.push(id);
    }
    for (let layer = 1; layer < of.units.length; layer++) if (step !== null) connect(ids[layer - 1], ids[layer], 'forward');
    return ids;
  };
  const recurrentLinks = (previous: string[] | null, current: string[], bidirectional = input.bidirectional) => {
    if (!previous) return;
    for (let layer = 0; layer < current.length; layer++) {
      connect(previous[layer], current[layer], 'recurrent');
      if (bidirectional) connect(current[layer], previous[layer], 'recurrent-back');
    }
  };
  const xOf = (column: number) => MARGIN + column * COL;
  /** One encoder time step at x: its input (or an ellipsis) under a column of cells, linked to the previous step's cells. */
  const encoderStep = (i: number, step: number | null, x: number, previous: string[] | null): string[] => {
    const inputId = `in-${i}`;
    add(step === null ? { id: inputId, kind: 'ellipsis', x, y: inputY, w: NODE_W, h: NODE_H, label: '…' } : { id: inputId, kind: 'input', x, y: inputY, w: NODE_W, h: NODE_H, label: `x t${step === input.lookback ? '' : `−${input.lookback - step}`}` });
    const cells = cellColumn('enc', i, step, x);
    if (step !== null) connect(inputId, cells[0], 'forward');
    recurrentLinks(previous, cells);
    return cells;
  };

  const encoderSteps = visibleSteps(input.lookback, maxSteps);
  const decoderSteps = visibleSteps(input.horizon, maxSteps);
  let column = 0;

  if (input.topology === 'many-to-one' || input.topology === 'many-to-many') {
    let previous: string[] | null = null;
    encoderSteps.forEach((step, i) => {
      const x = xOf(column++);
      const cells = encoderStep(i, step, x, previous);
      previous = cells;
      const last = i === encoderSteps.length - 1;
      if (step !== null && (input.topology === 'many-to-many' || last)) {
        const outId = `out-${i}`;
        const label = input.topology === 'many-to-one' ? (input.horizon > 1 ? `ŷ t+1…t+${input.horizon}` : 'ŷ t+1') : `ŷ ${input.horizon > 1 ? `${input.horizon} steps` : 'next'}`;
        add({ id: outId, kind: 'output', x, y: outputY, w: NODE_W, h: NODE_H, label, detail: 'Dense' });
        connect(cells[layers - 1], outId, 'forward');
      }
    });
    captions.push({ x: MARGIN, y: MARGIN + 6, text: `${input.lookback} input steps → ${input.topology === 'many-to-one' ? `${input.horizon}-step forecast from the last state` : 'a forecast at every step'}` });
    if (input.topology === 'many-to-one' && input.linearShortcut) {
      // A column of its own right of the cells: the whole window → Linear → added to the output.
      const lastInput = byId.get(`in-${encoderSteps.length - 1}`);
      const output = byId.get(`out-${encoderSteps.length - 1}`);
      if (lastInput && output) {
        const x = xOf(column++);
        const linear = add({ id: 'linear', kind: 'linear', x, y: layerY(0), w: NODE_W, h: NODE_H, label: 'Linear', detail: 'all steps' });
        const centre = x + NODE_W / 2;
        const inputMid = lastInput.y + NODE_H / 2;
        const outputMid = output.y + NODE_H / 2;
        edges.push({ from: lastInput.id, to: 'linear', kind: 'shortcut', x1: lastInput.x + NODE_W, y1: inputMid, via: [{ x: centre, y: inputMid }], x2: centre, y2: linear.y + NODE_H });
        edges.push({ from: 'linear', to: output.id, kind: 'shortcut', x1: centre, y1: linear.y, via: [{ x: centre, y: outputMid }], x2: output.x + NODE_W, y2: outputMid });
        output.detail = 'Dense+linear';
      }
    }
  } else {
    // one-to-many and encoder-decoder: a summary vector repeated over the horizon feeds the decoder.
    let encoderTop: string;
    if (input.topology === 'one-to-many') {
      const x = xOf(column++);
      add({ id: 'in-last', kind: 'input', x, y: layerY(0), w: NODE_W, h: NODE_H, label: 'x t', detail: 'last step' });
      encoderTop = 'in-last';
      captions.push({ x: MARGIN, y: MARGIN + 6, text: `last input vector → ${input.horizon}-step sequence` });
    } else {
      let previous: string[] | null = null;
      encoderSteps.forEach((step, i) => {
        const x = xOf(column++);
        previous = encoderStep(i, step, x, previous);
      });
      encoderTop = (previous ?? [''])[layers - 1];
      captions.push({ x: MARGIN, y: MARGIN + 6, text: `encoder (${steps(input.lookback)}) → state → decoder (${steps(input.horizon)})` });
    }
    const repeatX = xOf(column++);
    add({ id: 'repeat', kind: 'repeat', x: repeatX, y: layerY(0), w: NODE_W, h: NODE_H, label: 'Repeat', detail: `× ${input.horizon}` });
    connect(encoderTop, 'repeat', 'state');
    const decoder = input.topology === 'encoder-decoder' ? decoderStack : stack;
    let previous: string[] | null = null;
    decoderSteps.forEach((step, i) => {
      const x = xOf(column++);
      const cells = cellColumn('dec', i, step, x, decoder);
      if (i === 0) connect('repeat', cells[0], 'state');
      recurrentLinks(previous, cells, decoder.bidirectional);
      previous = cells;
      if (step !== null) {
        const outId = `out-${i}`;
        add({ id: outId, kind: 'output', x, y: outputY, w: NODE_W, h: NODE_H, label: `ŷ t+${step}`, detail: 'Dense' });
        connect(cells[cells.length - 1], outId, 'forward');
      }
    });
  }

  const width = MARGIN * 2 + Math.max(1, column) * COL - (COL - NODE_W);
  const height = inputY + NODE_H + MARGIN;
  return { width, height, nodes, edges, captions };
}

function steps(count: number): string {
  return count === 1 ? '1 step' : `${count} steps`;
}
