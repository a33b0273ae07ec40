/**
 * One training run of a built model: a custom loop (tf.variableGrads + an optimizer) rather than
 * model.fit, because the product needs what fit hides — the global and per-layer gradient norms
 * before clipping, clipping by norm or value, NaN/Inf detection that stops with the best weights,
 * and pause/resume/stop between any two batches.
 *
 * The loop only trains and validates; what watches or steers the run is a callback (callbacks/):
 * Checkpoint (the one definition of "best", saved and announced), EarlyStopping, LearningRate
 * (schedules and plateaus), OverfittingWatch and GradientWatch.
 *
 * Tensor hygiene: the data lives in four tensors for the whole run; each batch's tensors are freed
 * before the next; the checkpoint holds one snapshot of the weights. Everything, including the
 * optimizer's slots, is released when run() returns.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../config-error';
import type { TrainingEvent, WarningEvent } from '../spec';
import { createRng, deriveSeed, type Rng } from '../model/random';
import { installUnstackGradient } from '../model/unstack-gradient';
import { Checkpoint, EarlyStopping, GradientWatch, LearningRate, OverfittingWatch, type TrainingCallback, type TrainingContext } from './callbacks';
import { clipGradientsByGroup, clipGradientsByValue, clipScalesPerGroup } from './clipping';
import { memberLosses, memberOutputsModel } from './ensemble-members';
import { isHostAdam } from './host-adam';
import { fitLinearShortcut, hasLinearShortcut } from './linear-shortcut-fit';
import { modelVariables, type ModelVariables } from './model-variables';
import { batchesPerEpoch, etaSeconds } from './eta';
import { createOptimizer, setLearningRate } from './optimizer';
import { shuffledIndices } from './shuffle';
import type { TrainingBatch, TrainingJobOptions, TrainResult, TrainStatus } from './types';

// A model loaded from disk (stock tfjs recurrent layers) may reach training without the model area's
// builders having run: one-step sequences must still backpropagate.
installUnstackGradient();

interface BatchOutcome {
  loss: number;
  gradNorm: number;
  layerGradNorms: Record<string, number>;
  clipped: boolean;
}

interface RunTensors {
  xTrain: tf.Tensor;
  yTrain: tf.Tensor;
  xVal: tf.Tensor;
  yVal: tf.Tensor;
}

interface EpochTotals {
  /** Mean training loss over the epoch's windows. */
  trainLoss: number;
  meanGradNorm: number;
  clipEvents: number;
}

/** What one run carries from batch to batch and epoch to epoch. */
interface RunState {
  tensors: RunTensors;
  optimizer: tf.Optimizer;
  shuffleRng: Rng;
  /** Seconds since the start, not counting time paused. */
  activeSeconds: () => number;
  checkpoint: Checkpoint;
  learningRate: LearningRate;
  /** In the order they run after each batch and epoch; the checkpoint first, so the others see this epoch's verdict. */
  callbacks: TrainingCallback[];
  status: TrainStatus;
  message?: string;
  initialValLoss: number;
  epochsDone: number;
  step: number;
  samplesSeen: number;
}

/** Yields to the event loop so messages (pause, stop, IPC) are handled between batches. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function sameShape(a: readonly (number | null)[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function checkBatch(label: 'training' | 'validation', batch: TrainingBatch, inputShape: (number | null)[], outputShape: (number | null)[]): void {
  if (batch.count < 1) throw new ConfigError(`There are no ${label} windows: the ${label} split is shorter than lookback + horizon. Use a shorter lookback or a larger ${label === 'training' ? 'dataset' : 'validation share'}.`, 'window.lookback');
  const xSize = batch.xShape.reduce((a, b) => a * b, 1);
  const ySize = batch.yShape.reduce((a, b) => a * b, 1);
  if (batch.xShape[0] !== batch.count || batch.x.length !== xSize) throw new Error(`The ${label} inputs hold ${batch.x.length} values but their shape [${batch.xShape}] needs ${xSize} for ${batch.count} windows.`);
  if (batch.yShape[0] !== batch.count || batch.y.length !== ySize) throw new Error(`The ${label} targets hold ${batch.y.length} values but their shape [${batch.yShape}] needs ${ySize} for ${batch.count} windows.`);
  const firstBad = (values: Float32Array): number => values.findIndex((v) => !Number.isFinite(v));
  const badX = firstBad(batch.x);
  const badY = firstBad(batch.y);
  if (badX >= 0 || badY >= 0) {
    const [what, index, perWindow] = badX >= 0 ? ['inputs', badX, xSize / batch.count] : ['targets', badY, ySize / batch.count];
    throw new ConfigError(`The ${label} ${what} contain NaN or infinite values (first in window ${Math.floor(index / perWindow) + 1} of ${batch.count}). Choose a missing-value policy that fills gaps, or check the transforms.`, 'series.missing');
  }
  if (!sameShape(inputShape.slice(1), batch.xShape.slice(1))) throw new Error(`The model expects input windows of shape [${inputShape.slice(1)}] but the ${label} windows are [${batch.xShape.slice(1)}]. Rebuild the model for this window spec.`);
  if (!sameShape(outputShape.slice(1), batch.yShape.slice(1))) throw new Error(`The model outputs [${outputShape.slice(1)}] per window but the ${label} targets are [${batch.yShape.slice(1)}]. Check that the model's topology and horizon match the window spec.`);
}

/**
 * The minimum epochs never exceed the run's epochs: a config whose epochs were set below the suggested
 * minimum (a quick try, a CLI flag) still keeps a trained model, its last epoch.
 *
 * With the linear shortcut the minimum does not apply to the checkpoint: the model before its first
 * epoch is not an untrained network's near-constant forecast but the least-squares linear
 * autoregression, a legitimate candidate, so the checkpoint is plainly the best on validation, epoch 0
 * included. Early stopping still waits for the minimum (the network needs those updates to learn the
 * residual at all).
 */
export function effectiveMinEpochs(spec: TrainingJobOptions['spec'], linearShortcut = false): number {
  return linearShortcut ? 0 : Math.min(spec.earlyStopping?.minEpochs ?? 0, spec.epochs);
}

export class TrainingJob {
  private paused = false;
  private stopRequested = false;
  private wakeUp: (() => void) | undefined;
  private pausedMs = 0;
  private started = false;
  /** Why a callback (early stopping) ended the run after the current epoch. */
  private stopReason: string | undefined;
  private readonly variables: ModelVariables;
  /** An ensemble's members as separate outputs (sharing the model's layers), trained each on its own loss. */
  private readonly members: tf.LayersModel | undefined;
  /** The model has the linear shortcut (fitted before the first epoch; its epoch 0 is a real candidate). */
  private readonly linearShortcut: boolean;

  constructor(private readonly options: TrainingJobOptions) {
    const { model, train, val } = options;
    const inputShape = model.inputs[0].shape;
    const outputShape = model.outputs[0].shape;
    checkBatch('training', train, inputShape, outputShape);
    checkBatch('validation', val, inputShape, outputShape);
    this.variables = modelVariables(model);
    this.members = memberOutputsModel(model);
    this.linearShortcut = hasLinearShortcut(model);
  }

  /** Takes effect before the next batch starts. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake();
  }

  /** Ends the run before the next batch; the model keeps the best weights so far. */
  stop(): void {
    this.stopRequested = true;
    this.paused = false;
    this.wake();
  }

  async run(): Promise<TrainResult> {
    if (this.started) throw new Error('A TrainingJob runs once; build a new one to train again.');
    this.started = true;
    const { spec, train, val } = this.options;
    const tensors: RunTensors = {
      xTrain: tf.tensor3d(train.x, train.xShape),
      yTrain: tf.tensor(train.y, train.yShape),
      xVal: tf.tensor3d(val.x, val.xShape),
      yVal: tf.tensor(val.y, val.yShape),
    };
    const optimizer = createOptimizer(spec.optimizer);
    const startedAt = performance.now();
    const state = this.initialState(tensors, optimizer, () => (performance.now() - startedAt - this.pausedMs) / 1000);

    let shortcutRidge: number | undefined;
    try {
      // A freshly built model with the shortcut starts as the linear autoregression of these windows.
      const shortcut = fitLinearShortcut(this.options.model, train, val, this.options.shortcutRidge);
      shortcutRidge = shortcut.ridge;
      // The untrained model is the baseline to beat and the first checkpoint: a run that never beats it keeps it.
      state.initialValLoss = await this.validationLoss(tensors);
      for (const callback of state.callbacks) await callback.onTrainBegin?.(state.initialValLoss);
      this.emit({ type: 'status', status: 'running' });
      for (let epoch = 1; epoch <= spec.epochs; epoch++) {
        const lr = state.learningRate.rateFor(epoch);
        setLearningRate(optimizer, lr);
        const epochStart = state.activeSeconds();
        const totals = await this.trainEpoch(state, epoch, lr);
        if (totals === 'stopped') {
          state.status = 'stopped';
          state.message = `Stopped on request after ${state.epochsDone} complete epoch${state.epochsDone === 1 ? '' : 's'}; the weights of ${state.checkpoint.describeBest()} (the best so far) were kept.`;
          break;
        }
        if (totals === 'diverged') break;
        const valLoss = await this.validationLoss(tensors);
        if (!Number.isFinite(valLoss)) {
          this.diverge(state, epoch, undefined, 'the validation loss');
          break;
        }
        state.epochsDone = epoch;
        this.emitEpoch(state, { epoch, lr, epochStart, valLoss, ...totals });
        for (const callback of state.callbacks) await callback.onEpochEnd?.({ epoch, trainLoss: totals.trainLoss, valLoss });
        if (this.stopReason) {
          state.message = this.stopReason;
          break;
        }
      }
      if (state.status === 'completed' && state.epochsDone > 0 && state.checkpoint.bestEpoch === 0 && this.linearShortcut) {
        const note = `The linear autoregression the model starts from (epoch 0) scored best on validation (loss ${state.checkpoint.bestValLoss.toPrecision(4)}); no epoch of the network improved on it, so it was kept.`;
        state.message = state.message ? `${state.message} ${note}` : note;
      } else if (state.status === 'completed' && state.epochsDone > 0 && state.checkpoint.bestEpoch === 0) {
        state.status = 'no_improvement';
        state.message = this.noImprovementMessage(state);
      } else if (state.status === 'completed' && state.checkpoint.bestValLoss >= state.initialValLoss) {
        // Only with a minimum epoch count: the kept epoch was taken over the untrained network although it scores worse.
        const note = `The kept model (${state.checkpoint.describeBest()}, validation loss ${state.checkpoint.bestValLoss.toPrecision(4)}) does not beat the untrained network's ${state.initialValLoss.toPrecision(4)} on validation; it was kept because runs train at least ${effectiveMinEpochs(spec)} epochs.`;
        state.message = state.message ? `${state.message} ${note}` : note;
      }
      if (shortcut.note) state.message = state.message ? `${state.message} ${shortcut.note}` : shortcut.note;
    } catch (err) {
      state.status = 'failed';
      state.message = `Training failed: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      // A refit keeps the weights of its last epoch (it has no held-out data to choose another by).
      const keepLastWeights = this.options.keepLastWeights === true && (state.status === 'completed' || state.status === 'no_improvement');
      for (const callback of state.callbacks) callback.onTrainEnd?.({ keepLastWeights });
      tf.dispose([tensors.xTrain, tensors.yTrain, tensors.xVal, tensors.yVal]);
      optimizer.dispose();
    }

    const trainSeconds = state.activeSeconds();
    this.emit({ type: 'status', status: state.status });
    return {
      status: state.status,
      message: state.message,
      epochs: state.epochsDone,
      bestEpoch: state.checkpoint.bestEpoch,
      bestValLoss: state.checkpoint.bestValLoss,
      samplesPerSecond: state.samplesSeen / Math.max(1e-9, trainSeconds),
      trainSeconds,
      ...(shortcutRidge === undefined ? {} : { shortcutRidge }),
    };
  }

  private initialState(tensors: RunTensors, optimizer: tf.Optimizer, activeSeconds: () => number): RunState {
    const { model, spec, onImproved } = this.options;
    const ctx: TrainingContext = {
      model,
      spec,
      emit: (event) => this.emit(event),
      requestStop: (message) => {
        this.stopReason ??= message;
      },
    };
    const checkpoint = new Checkpoint(ctx, spec.earlyStopping?.minDelta ?? 0, onImproved, effectiveMinEpochs(spec, this.linearShortcut), spec.earlyStopping?.minRelativeDelta ?? 0, this.linearShortcut ? 'the fitted linear autoregression (epoch 0)' : undefined);
    const learningRate = new LearningRate(ctx, spec.schedule, spec.optimizer.lr, spec.epochs);
    // With the shortcut the minimum epochs no longer exclude epoch 0 from the checkpoint, but the network still gets them to learn in.
    const notBefore = this.linearShortcut ? effectiveMinEpochs(spec) : 0;
    // A shortcut model's network output starts at zero, so its recurrent gradients start near zero by design: not judged as vanishing during those epochs.
    const quietBatches = notBefore * batchesPerEpoch(this.options.train.count, spec.batchSize);
    const callbacks: TrainingCallback[] = [checkpoint, new OverfittingWatch(ctx), learningRate, new GradientWatch(ctx, this.variables.recurrentLayers, quietBatches)];
    if (spec.earlyStopping) callbacks.push(new EarlyStopping(ctx, spec.earlyStopping.patience, checkpoint, notBefore));
    return {
      tensors,
      optimizer,
      shuffleRng: createRng(deriveSeed(spec.seed, 7919)),
      activeSeconds,
      checkpoint,
      learningRate,
      callbacks,
      status: 'completed',
      initialValLoss: Number.NaN,
      epochsDone: 0,
      step: 0,
      samplesSeen: 0,
    };
  }

  /** One pass over the shuffled training windows, batch by batch; honours pause and stop between batches. */
  private async trainEpoch(state: RunState, epoch: number, lr: number): Promise<EpochTotals | 'stopped' | 'diverged'> {
    const { spec, train } = this.options;
    const order = shuffledIndices(train.count, state.shuffleRng);
    const totals: EpochTotals = { trainLoss: 0, meanGradNorm: 0, clipEvents: 0 };
    let batches = 0;
    for (let start = 0, batch = 1; start < train.count; start += spec.batchSize, batch++) {
      if (this.paused) await this.waitWhilePaused();
      if (this.stopRequested) return 'stopped';
      const step = ++state.step;
      const indices = order.subarray(start, Math.min(train.count, start + spec.batchSize));
      const outcome = await this.trainBatch(state.optimizer, state.tensors, indices);
      if (!Number.isFinite(outcome.loss) || !Number.isFinite(outcome.gradNorm)) {
        this.diverge(state, epoch, step, Number.isFinite(outcome.loss) ? 'the gradient norm' : 'the training loss');
        return 'diverged';
      }
      batches++;
      state.samplesSeen += indices.length;
      totals.trainLoss += (outcome.loss * indices.length) / train.count;
      totals.meanGradNorm += outcome.gradNorm;
      if (outcome.clipped) totals.clipEvents++;
      if (step % spec.logEveryBatches === 0) {
        const totalBatches = spec.epochs * batchesPerEpoch(train.count, spec.batchSize);
        const eta = etaSeconds(state.activeSeconds(), step, totalBatches);
        const estimate = eta === undefined ? {} : { etaSeconds: eta, fractionDone: Math.min(1, step / totalBatches) };
        this.emit({ type: 'batch', epoch, batch, step, loss: outcome.loss, gradNorm: outcome.gradNorm, layerGradNorms: outcome.layerGradNorms, clipped: outcome.clipped, lr, ...estimate });
      }
      for (const callback of state.callbacks) callback.onBatchEnd?.({ epoch, step, gradNorm: outcome.gradNorm, layerGradNorms: outcome.layerGradNorms });
      await yieldToEventLoop();
    }
    totals.meanGradNorm /= Math.max(1, batches);
    return totals;
  }

  /** The epoch's figures; `improved` is the checkpoint's verdict, announced by its own event right after. */
  private emitEpoch(state: RunState, e: EpochTotals & { epoch: number; lr: number; epochStart: number; valLoss: number }): void {
    const { spec, train } = this.options;
    const elapsedSeconds = state.activeSeconds();
    this.emit({
      type: 'epoch',
      epoch: e.epoch,
      epochs: spec.epochs,
      trainLoss: e.trainLoss,
      valLoss: e.valLoss,
      valMetrics: this.options.valMetrics?.(),
      weightNorms: this.weightNorms(),
      meanGradNorm: e.meanGradNorm,
      clipEvents: e.clipEvents,
      lr: e.lr,
      samplesPerSecond: train.count / Math.max(1e-9, elapsedSeconds - e.epochStart),
      elapsedSeconds,
      etaSeconds: etaSeconds(elapsedSeconds, state.step, spec.epochs * batchesPerEpoch(train.count, spec.batchSize)) ?? (elapsedSeconds / e.epoch) * (spec.epochs - e.epoch),
      improved: state.checkpoint.isImprovement(e.valLoss, e.epoch),
    });
  }

  private noImprovementMessage(state: RunState): string {
    const n = state.epochsDone;
    const initial = Number.isFinite(state.initialValLoss) ? ` (${state.initialValLoss.toPrecision(4)})` : '';
    const early = this.stopReason ? ` Early stopping ended the run at epoch ${n}.` : '';
    return (
      `No improvement: in ${n} epoch${n === 1 ? '' : 's'} the validation loss never went below the untrained network's${initial}, ` +
      `so the untrained model was kept and its forecasts are not trained. ` +
      `Lower the learning rate (it was ${this.options.spec.optimizer.lr}), scale the features (a standard or min-max scaler), or train longer.${early}`
    );
  }

  private diverge(state: RunState, epoch: number, step: number | undefined, what: string): void {
    state.status = 'diverged';
    state.message =
      `Training diverged at epoch ${epoch}${step !== undefined ? `, step ${step}` : ''}: ${what} became NaN or infinite. ` +
      `The learning rate (${this.options.spec.optimizer.lr}) is probably too high for this model — lower it, or clip gradients by norm. ` +
      `The weights from ${state.checkpoint.bestEpoch === 0 ? 'before training' : `epoch ${state.checkpoint.bestEpoch}`} (the best so far) were kept.`;
    this.emit({ type: 'warning', kind: 'nan', epoch, step, message: state.message });
  }

  private emit(event: TrainingEvent | WarningEvent): void {
    this.options.onEvent(event);
  }

  private wake(): void {
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    wake?.();
  }

  private async waitWhilePaused(): Promise<void> {
    const pausedAt = performance.now();
    this.emit({ type: 'status', status: 'paused' });
    while (this.paused && !this.stopRequested) {
      await new Promise<void>((resolve) => {
        this.wakeUp = resolve;
      });
    }
    this.pausedMs += performance.now() - pausedAt;
    if (!this.stopRequested) this.emit({ type: 'status', status: 'running' });
  }

  /**
   * One optimisation step; the returned norms are measured before clipping. An ensemble optimises the
   * sum of its members' losses (each member's gradient is its own) and reports their mean; clipping by
   * norm then applies per member.
   */
  private async trainBatch(optimizer: tf.Optimizer, tensors: RunTensors, indices: Int32Array): Promise<BatchOutcome> {
    const { model, spec } = this.options;
    const members = this.members;
    const { variables, layerOf, memberOf, regularized } = this.variables;
    const [xBatch, yBatch] = tf.tidy(() => {
      const idx = tf.tensor1d(indices, 'int32');
      return [tf.gather(tensors.xTrain, idx), tf.gather(tensors.yTrain, idx)];
    });
    let dataLoss: tf.Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
      let reported: tf.Scalar;
      let optimised: tf.Scalar;
      if (members) {
        ({ reported, optimised } = memberLosses(members.apply(xBatch, { training: true }) as tf.Tensor[], yBatch));
      } else {
        const predicted = model.apply(xBatch, { training: true }) as tf.Tensor;
        reported = optimised = tf.losses.meanSquaredError(yBatch, predicted) as tf.Scalar;
      }
      if (regularized.length === 0 && !members) return optimised;
      // The penalty shapes the gradient; the reported loss stays the data MSE, comparable to val loss.
      dataLoss = tf.keep(reported);
      if (regularized.length === 0) return optimised;
      return tf.add(optimised, tf.addN(regularized.map(({ variable, l2 }) => tf.mul(l2, tf.sum(tf.square(variable)))))) as tf.Scalar;
    }, variables);
    const names = variables.map((v) => v.name);
    // The loss and the gradients are read back as they are and summarised here: a recurrent model's
    // gradients are small, and a TensorFlow op per statistic and variable cost more than reading them.
    const loss = (await (dataLoss ?? value).data())[0];
    const read = names.map((n) => grads[n].dataSync() as Float32Array);
    const stats = read.map(gradientStats);
    tf.dispose([value, xBatch, yBatch]);
    if (dataLoss) dataLoss.dispose();

    let squareSum = 0;
    const layerSquares: Record<string, number> = {};
    const groupSquares: number[] = [];
    const groupOf: Record<string, number> = {};
    names.forEach((name, i) => {
      const sq = stats[i].squareSum;
      squareSum += sq;
      layerSquares[layerOf[i]] = (layerSquares[layerOf[i]] ?? 0) + sq;
      groupOf[name] = memberOf[i];
      groupSquares[memberOf[i]] = (groupSquares[memberOf[i]] ?? 0) + sq;
    });
    const gradNorm = Math.sqrt(squareSum);
    const layerGradNorms = Object.fromEntries(Object.entries(layerSquares).map(([layer, sq]) => [layer, Math.sqrt(sq)]));
    let clipped = false;
    let scales: number[] = [];
    if (spec.clip.kind === 'norm') {
      scales = clipScalesPerGroup(Array.from(groupSquares, (sq) => sq ?? 0), spec.clip.value);
      clipped = scales.some((scale) => scale < 1);
    } else if (spec.clip.kind === 'value') {
      const limit = spec.clip.value;
      clipped = stats.some((st) => st.maxAbs > limit);
    }

    if (Number.isFinite(loss) && Number.isFinite(gradNorm)) {
      const clip = spec.clip;
      if (isHostAdam(optimizer) && clip.kind !== 'value') {
        // Adam on the gradients already read, the norm clipping (per member) as a scale inside its update.
        optimizer.applyHostGradients(
          names.map((name, i) => ({ name, values: read[i], scale: clip.kind === 'norm' && clipped ? (scales[memberOf[i]] ?? 1) : 1 })),
          1,
        );
        tf.dispose(Object.values(grads));
        return { loss, gradNorm, layerGradNorms, clipped };
      }
      const applied = tf.tidy(() => {
        if (clip.kind === 'norm' && clipped) return clipGradientsByGroup(grads, groupOf, scales);
        if (clip.kind === 'value' && clipped) return clipGradientsByValue(grads, clip.value);
        return grads;
      });
      optimizer.applyGradients(applied);
      tf.dispose(Object.values(applied));
    }
    tf.dispose(Object.values(grads));
    return { loss, gradNorm, layerGradNorms, clipped };
  }

  private async validationLoss(tensors: RunTensors): Promise<number> {
    const { model, spec } = this.options;
    const loss = tf.tidy(() => {
      const predicted = model.predict(tensors.xVal, { batchSize: Math.max(256, spec.batchSize) }) as tf.Tensor;
      return tf.losses.meanSquaredError(tensors.yVal, predicted);
    });
    const [value] = await loss.data();
    loss.dispose();
    return value;
  }

  /** L2 norm of each layer's weights, by layer name. */
  private weightNorms(): Record<string, number> {
    const { variables, layerOf } = this.variables;
    const squares = tf.tidy(() => tf.stack(variables.map((v) => tf.sum(tf.square(v)))));
    const data = squares.dataSync();
    squares.dispose();
    const sums: Record<string, number> = {};
    layerOf.forEach((layer, i) => {
      sums[layer] = (sums[layer] ?? 0) + data[i];
    });
    return Object.fromEntries(Object.entries(sums).map(([layer, sq]) => [layer, Math.sqrt(sq)]));
  }
}

/** Σg² and max |g| of one variable's gradient (NaN propagates into the sum, as the divergence check needs). */
function gradientStats(g: Float32Array): { squareSum: number; maxAbs: number } {
  let squareSum = 0;
  let maxAbs = 0;
  for (let i = 0; i < g.length; i++) {
    const v = g[i];
    squareSum += v * v;
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
  }
  return { squareSum, maxAbs };
}
