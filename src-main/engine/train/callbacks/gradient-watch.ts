import { GradientMonitor } from '../gradient-monitor';
import type { BatchEnd, TrainingCallback, TrainingContext } from './callback';

/** Feeds each batch's gradient norms to the GradientMonitor and passes its warnings on. */
export class GradientWatch implements TrainingCallback {
  private readonly monitor: GradientMonitor;

  constructor(
    private readonly ctx: TrainingContext,
    recurrentLayers: string[],
    vanishingAfterBatches = 0,
  ) {
    this.monitor = new GradientMonitor({ recurrentLayers, vanishingAfterBatches });
  }

  onBatchEnd({ epoch, step, gradNorm, layerGradNorms }: BatchEnd): void {
    for (const warning of this.monitor.observe(epoch, step, gradNorm, layerGradNorms)) this.ctx.emit(warning);
  }
}
