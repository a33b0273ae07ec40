/**
 * Chart redraws run one per frame, after the next paint: a view switch paints before its charts
 * catch up, and a view with several live charts never redraws them all in one long task (each
 * ECharts update is tens of milliseconds; three at once is over the 100 ms a user notices). A chart
 * hands its option to ECharts in its job and ECharts draws it in the next animation frame
 * (StudioChart's lazy update); the next job waits for that frame, so no frame draws two charts.
 */
import { afterNextPaint } from './after-next-paint';

type Job = () => void;

const pending = new Map<object, Job>();
let scheduled = false;

function runNext(): void {
  const next = pending.entries().next();
  if (next.done) {
    scheduled = false;
    return;
  }
  const [key, job] = next.value;
  pending.delete(key);
  try {
    job();
  } finally {
    if (pending.size > 0) afterNextPaint(runNext);
    else scheduled = false;
  }
}

/** Queues `job` as `owner`'s next redraw, replacing one still waiting (only the newest matters). */
export function queueChartUpdate(owner: object, job: Job): void {
  pending.delete(owner);
  pending.set(owner, job);
  if (scheduled) return;
  scheduled = true;
  afterNextPaint(runNext);
}

export function cancelChartUpdate(owner: object): void {
  pending.delete(owner);
}
