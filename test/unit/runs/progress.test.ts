import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { epochLine, formatDuration, ProgressReporter, progressBar } from '../../../src-main/cli/progress';
import { backendLine } from '../../../src-main/cli/backend-line';
import type { EpochEvent } from '../../../src-main/engine/spec';

class Capture extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const epoch = (n: number, eta: number): EpochEvent => ({
  type: 'epoch', epoch: n, epochs: 10, trainLoss: 0.5, valLoss: 0.25, weightNorms: {}, meanGradNorm: 1.5, clipEvents: 0, lr: 0.01, samplesPerSecond: 321.4, elapsedSeconds: n, etaSeconds: eta, improved: n === 1,
});

describe('CLI progress', () => {
  it('formats durations and bars', () => {
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(NaN)).toBe('--:--');
    expect(progressBar(0.5, 10)).toBe('[#####.....]');
    expect(progressBar(2, 4)).toBe('[####]');
  });

  it('writes one line per epoch when not on a terminal', () => {
    const out = new Capture(false);
    const progress = new ProgressReporter(out);
    progress.event(epoch(1, 90));
    progress.event(epoch(2, 80));
    expect(out.text.split('\n').filter(Boolean)).toEqual([epochLine(epoch(1, 90)), epochLine(epoch(2, 80))]);
    expect(out.text).toContain('epoch 1/10  train 0.5000  val 0.2500 *');
    expect(out.text).toContain('321 samples/s  ETA 1:30');
  });

  it('redraws a bar with the ETA in place on a terminal', () => {
    const out = new Capture(true);
    const progress = new ProgressReporter(out);
    progress.event(epoch(5, 30));
    progress.finish();
    expect(out.text).toMatch(/^\r\x1b\[2K\[#{12}\.{12}\] epoch 6\/10 {2}train 0\.5000 {2}val 0\.2500 {2}ETA 0:30\n$/);
  });

  it('shows the engine’s ETA from batch events before the first epoch ends', () => {
    const out = new Capture(true);
    const progress = new ProgressReporter(out);
    const batch = (n: number, etaSeconds?: number) => ({ type: 'batch' as const, epoch: 1, batch: n, step: n, loss: 1, gradNorm: 1, layerGradNorms: {}, clipped: false, lr: 0.01, ...(etaSeconds === undefined ? {} : { etaSeconds }) });
    progress.event(batch(1));
    expect(out.text).toMatch(/first epoch…$/);
    out.text = '';
    // Past the redraw throttle: a later batch carrying the engine's estimate.
    (progress as unknown as { lastDraw: number }).lastDraw = 0;
    progress.event(batch(3, 95));
    expect(out.text).toMatch(/first epoch… {2}ETA 1:35$/);
  });

  it('names the backend, and why native is not in use', () => {
    expect(backendLine({ name: 'tensorflow', native: true, tensorflowVersion: '2.21.0', tfjsVersion: '4.22.0' })).toBe('backend: tensorflow (native, TF 2.21.0)');
    expect(backendLine({ name: 'wasm', native: false, tfjsVersion: '4.22.0', fallbackReason: 'binding missing' })).toBe('backend: wasm (native unavailable: binding missing)');
    expect(backendLine({ name: 'cpu', native: false, tfjsVersion: '4.22.0' })).toBe('backend: cpu (native not selected)');
    expect(backendLine({ name: 'tensorflow', native: true, tensorflowVersion: '2.21.0', tfjsVersion: '4.22.0' }, 'tensorflow-fused')).toBe('backend: tensorflow (native, TF 2.21.0); recurrent core: tensorflow-fused');
    expect(backendLine({ name: 'wasm', native: false, tfjsVersion: '4.22.0' }, 'fast-unrolled')).toBe('backend: wasm (native not selected); recurrent core: fast-unrolled');
    expect(backendLine({ name: 'tensorflow', native: true, tensorflowVersion: '2.21.0', tfjsVersion: '4.22.0' }, 'tensorflow-fused', { cell: 'gru', kernel: 'rnn-studio-addon' })).toBe(
      'backend: tensorflow (native, TF 2.21.0); recurrent core: tensorflow-fused (GRU: rnn-studio-addon)',
    );
  });
});
