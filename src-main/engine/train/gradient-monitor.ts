/**
 * Watches gradient norms batch by batch for the two classic RNN failure modes and says so in words:
 * exploding (a spike far above the recent median, or simply huge) and vanishing (a recurrent layer's
 * gradient collapsing to a tiny fraction of the largest layer's, batch after batch). Pure state, no
 * tensors: it is fed the norms the training loop has already read back.
 */
import type { WarningEvent } from '../spec';

export interface GradientMonitorOptions {
  /** Layer names whose gradients are watched for vanishing (the recurrent layers). */
  recurrentLayers: string[];
  /** Norms kept for the running median. */
  window?: number;
  /** A norm this many times the running median is a spike. */
  spikeFactor?: number;
  /** A norm above this is exploding whatever the history. */
  absoluteLimit?: number;
  /** A layer below this fraction of the largest layer's norm is vanishing… */
  vanishingRatio?: number;
  /** …for this many consecutive batches. */
  vanishingBatches?: number;
  /**
   * Batches at the start that are not judged for vanishing: a model with the linear shortcut starts
   * with its network's output layer at zero, so its recurrent gradients start at zero by design and
   * grow as that layer does.
   */
  vanishingAfterBatches?: number;
}

/** Fewer norms than this and the median says too little to call a spike. */
const MIN_HISTORY = 8;

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export class GradientMonitor {
  private readonly history: number[] = [];
  private readonly lowStreak = new Map<string, number>();
  /** Warnings already given this epoch, by kind/layer, so a bad epoch does not flood the log. */
  private readonly warnedThisEpoch = new Set<string>();
  private epoch = 0;
  private batchesSeen = 0;
  private readonly window: number;
  private readonly spikeFactor: number;
  private readonly absoluteLimit: number;
  private readonly vanishingRatio: number;
  private readonly vanishingBatches: number;

  constructor(private readonly options: GradientMonitorOptions) {
    this.window = options.window ?? 50;
    this.spikeFactor = options.spikeFactor ?? 10;
    this.absoluteLimit = options.absoluteLimit ?? 1e3;
    this.vanishingRatio = options.vanishingRatio ?? 1e-3;
    this.vanishingBatches = options.vanishingBatches ?? 10;
  }

  observe(epoch: number, step: number, norm: number, layerNorms: Record<string, number>): WarningEvent[] {
    if (epoch !== this.epoch) {
      this.epoch = epoch;
      this.warnedThisEpoch.clear();
    }
    const warnings: WarningEvent[] = [];
    const runningMedian = this.history.length >= MIN_HISTORY ? median(this.history) : Number.NaN;
    const spike = Number.isFinite(runningMedian) && runningMedian > 0 && norm > this.spikeFactor * runningMedian;
    if ((spike || norm > this.absoluteLimit) && this.firstThisEpoch('exploding')) {
      const why = spike
        ? `${(norm / runningMedian).toFixed(1)}× the recent median of ${runningMedian.toPrecision(3)}`
        : `above ${this.absoluteLimit}`;
      warnings.push({
        type: 'warning',
        kind: 'exploding',
        epoch,
        step,
        message: `Exploding gradients at epoch ${epoch}, step ${step}: the gradient norm was ${norm.toPrecision(3)} (${why}). Lower the learning rate or clip gradients by norm.`,
      });
    }
    this.history.push(norm);
    if (this.history.length > this.window) this.history.shift();

    this.batchesSeen++;
    if (this.batchesSeen <= (this.options.vanishingAfterBatches ?? 0)) return warnings;
    const largest = Math.max(0, ...Object.values(layerNorms));
    for (const layer of this.options.recurrentLayers) {
      const layerNorm = layerNorms[layer];
      if (layerNorm === undefined) continue;
      const low = largest > 0 && layerNorm < this.vanishingRatio * largest;
      const streak = low ? (this.lowStreak.get(layer) ?? 0) + 1 : 0;
      this.lowStreak.set(layer, streak);
      if (streak >= this.vanishingBatches && this.firstThisEpoch(`vanishing:${layer}`)) {
        warnings.push({
          type: 'warning',
          kind: 'vanishing',
          epoch,
          step,
          layer,
          message: `Vanishing gradients in layer '${layer}' at epoch ${epoch}, step ${step}: its gradient norm (${layerNorm.toExponential(2)}) has stayed below ${this.vanishingRatio} × the largest layer's (${largest.toExponential(2)}) for ${streak} batches, so it has almost stopped learning. Try an LSTM or GRU cell, a shorter lookback, or fewer stacked layers.`,
        });
      }
    }
    return warnings;
  }

  private firstThisEpoch(key: string): boolean {
    if (this.warnedThisEpoch.has(key)) return false;
    this.warnedThisEpoch.add(key);
    return true;
  }
}
