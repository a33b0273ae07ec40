/**
 * Training progress on stderr: a redrawn bar with ETA on a terminal, one line per epoch otherwise
 * (logs and CI keep a readable record).
 */
import type { EpochEvent, TrainingEvent } from '../engine/spec';

const BAR_WIDTH = 24;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

export function progressBar(fraction: number, width = BAR_WIDTH): string {
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

const num = (v: number): string => (Number.isFinite(v) ? (Math.abs(v) >= 1000 || Math.abs(v) < 0.001 ? v.toExponential(3) : v.toPrecision(4)) : String(v));

export function epochLine(e: EpochEvent, prefix = ''): string {
  return (
    `${prefix}epoch ${e.epoch}/${e.epochs}  train ${num(e.trainLoss)}  val ${num(e.valLoss)}${e.improved ? ' *' : '  '}` +
    `  |g| ${num(e.meanGradNorm)}  ${Math.round(e.samplesPerSecond)} samples/s  ETA ${formatDuration(e.etaSeconds)}`
  );
}

export class ProgressReporter {
  private epochs = 0;
  private epoch = 0;
  private batchesPerEpoch = 0;
  private batchInEpoch = 0;
  private lastEpoch: EpochEvent | undefined;
  /** The engine's latest estimate of the time left (batch events carry it from a few batches in). */
  private eta: number | undefined;
  private lastDraw = 0;
  private drawn = false;
  private paused = false;

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly prefix = '',
    /** Redraw a bar in place (a terminal); otherwise one line per epoch. */
    private readonly bar: boolean = out.isTTY === true,
  ) {}

  get isTTY(): boolean {
    return this.bar;
  }

  /** A line that must not be overwritten (warnings, the backend). */
  note(text: string): void {
    this.clear();
    this.out.write(`${this.prefix}${text}\n`);
  }

  event(e: TrainingEvent): void {
    switch (e.type) {
      case 'batch':
        this.batchInEpoch = e.batch + 1;
        if (e.etaSeconds !== undefined) this.eta = e.etaSeconds;
        if (this.epoch === 0) this.batchesPerEpoch = Math.max(this.batchesPerEpoch, this.batchInEpoch);
        this.redraw(false);
        return;
      case 'epoch':
        this.epochs = e.epochs;
        this.epoch = e.epoch;
        this.batchInEpoch = 0;
        this.lastEpoch = e;
        this.eta = e.etaSeconds;
        if (this.isTTY) this.redraw(true);
        else this.out.write(epochLine(e, this.prefix) + '\n');
        return;
      case 'warning':
        this.note(`warning (${e.kind}${e.layer ? `, ${e.layer}` : ''}, epoch ${e.epoch}): ${e.message}`);
        return;
      case 'status':
        if (e.status === 'paused') this.note('paused');
        else if (e.status === 'running' && this.paused) this.note('resumed');
        this.paused = e.status === 'paused';
        return;
      case 'baseline':
        this.note(`baselines: naive val loss ${num(e.naiveValLoss)}, seasonal naive (season ${e.season}) ${num(e.seasonalNaiveValLoss)}`);
        return;
      default:
        return;
    }
  }

  /** Ends the bar's line so what follows starts clean. */
  finish(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }

  private clear(): void {
    if (this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }

  private redraw(force: boolean): void {
    if (!this.isTTY) return;
    const now = Date.now();
    // Redrawing costs more than a tiny batch: a few times a second is enough for the eye.
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const within = this.batchesPerEpoch > 0 ? Math.min(1, this.batchInEpoch / this.batchesPerEpoch) : 0;
    const fraction = this.epochs > 0 ? (this.epoch + within) / this.epochs : 0;
    const e = this.lastEpoch;
    const eta = this.eta === undefined ? '' : `  ETA ${formatDuration(this.eta)}`;
    const stats = e ? `  train ${num(e.trainLoss)}  val ${num(e.valLoss)}${eta}` : `  first epoch…${eta}`;
    let line = `${this.prefix}${progressBar(fraction)} epoch ${Math.min(this.epoch + 1, this.epochs || this.epoch + 1)}/${this.epochs || '?'}${stats}`;
    const width = this.out.columns ?? 120;
    if (line.length > width - 1) line = line.slice(0, width - 1);
    this.out.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }
}
