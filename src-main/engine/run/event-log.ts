/**
 * metrics.ndjson: one TrainingEvent per line, append-only. Batch events can arrive thousands of times
 * a second, so they are buffered briefly; every other event (epoch, warning, done, …) is written
 * through at once, so a killed process loses at most a fraction of a second of batch lines and never
 * an epoch.
 */
import { closeSync, fdatasyncSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import type { TrainingEvent } from '../spec';

const BATCH_FLUSH_MS = 200;
const DURABLE_TYPES = new Set<TrainingEvent['type']>(['epoch', 'warning', 'done']);

export class EventLogWriter {
  private fd: number | undefined;
  private pending = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a+');
    terminateTornLine(this.fd);
  }

  append(event: TrainingEvent): void {
    const line = JSON.stringify(event) + '\n';
    if (event.type === 'batch') {
      this.pending += line;
      if (!this.timer) {
        this.timer = setTimeout(() => this.flush(), BATCH_FLUSH_MS);
        // A pending flush must not keep a finished process alive; close() flushes anyway.
        this.timer.unref();
      }
      return;
    }
    this.pending += line;
    this.flush();
    if (DURABLE_TYPES.has(event.type) && this.fd !== undefined) fdatasyncSync(this.fd);
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.pending || this.fd === undefined) return;
    const bytes = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
  }

  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    fdatasyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/** A process killed mid-write can leave a line without its newline; start the next one on a fresh line. */
function terminateTornLine(fd: number): void {
  const size = fstatSync(fd).size;
  if (size === 0) return;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  if (last[0] !== 0x0a) writeSync(fd, '\n');
}

const EVENT_TYPES = new Set<string>(['batch', 'epoch', 'warning', 'checkpoint', 'status', 'done', 'baseline']);

export interface ParsedEventLog {
  events: TrainingEvent[];
  /** Lines that are not events (a torn last line after a crash, or damage): skipped, counted. */
  badLines: number;
}

/**
 * Reads the log tolerantly. Lines were validated when written, so a cheap shape check is enough to
 * tell an event from a torn or foreign line.
 */
export function parseEventLog(text: string): ParsedEventLog {
  const events: TrainingEvent[] = [];
  let badLines = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isEventShaped(value)) events.push(value);
      else badLines++;
    } catch {
      badLines++;
    }
  }
  return { events, badLines };
}

function isEventShaped(value: unknown): value is TrainingEvent {
  return typeof value === 'object' && value !== null && EVENT_TYPES.has((value as { type?: unknown }).type as string);
}

/**
 * Keeps every non-batch event and at most `maxBatchPoints` batch events spread evenly over the run
 * (the first and last batch always kept), in their original order.
 */
export function downsampleBatches(events: TrainingEvent[], maxBatchPoints: number): { events: TrainingEvent[]; totalBatches: number } {
  const totalBatches = events.reduce((n, e) => n + (e.type === 'batch' ? 1 : 0), 0);
  if (totalBatches <= maxBatchPoints) return { events, totalBatches };
  const keep = new Set<number>();
  if (maxBatchPoints === 1) keep.add(totalBatches - 1);
  else for (let k = 0; k < maxBatchPoints; k++) keep.add(Math.round((k * (totalBatches - 1)) / (maxBatchPoints - 1)));
  const out: TrainingEvent[] = [];
  let batchIndex = 0;
  for (const e of events) {
    if (e.type !== 'batch') out.push(e);
    else if (keep.has(batchIndex++)) out.push(e);
  }
  return { events: out, totalBatches };
}

/** The last completed epoch in a log (0 when none finished). */
export function lastEpoch(events: TrainingEvent[]): number {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'epoch') return e.epoch;
  }
  return 0;
}
