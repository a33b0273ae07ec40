/**
 * Which work made each long task: the page's main-thread tasks over a threshold in a Chrome trace,
 * each with its layout/style/GC time (trace events), the user-timing measures inside it (which
 * chart redrew) and a top-down call tree of the CPU profile's samples that fall inside it.
 * Trace timestamps and CPU profile timestamps share Chromium's monotonic clock (microseconds).
 */

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread time: how long the thread was on a CPU during the event. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

const NATIVE_WORK: Record<string, string> = {
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  MajorGC: 'gc',
  MinorGC: 'gc',
  'V8.GC_SCAVENGER': 'gc',
  'V8.GC_MARK_COMPACTOR': 'gc',
  ParseHTML: 'parse html',
  'v8.compile': 'compile',
  'V8.CompileCode': 'compile',
  'v8.parseOnBackground': 'compile',
};

function frameName(node: ProfileNode): string {
  const f = node.callFrame;
  const file = f.url.split('/').pop()?.replace(/-[A-Za-z0-9_]{8}\.js$/, '.js') ?? '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
}

const MAX_SAMPLE_US = 1000;

interface TreeNode {
  name: string;
  us: number;
  children: Map<string, TreeNode>;
}

function callTree(profile: Profile, from: number, to: number): TreeNode {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const root: TreeNode = { name: 'task', us: 0, children: new Map() };
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (t < from || t > to) continue;
    // A sample stands for the time until the next one, but never more than a few sampling
    // intervals: on a loaded machine the page's process waits for a core for hundreds of ms, and
    // that wait would land on whichever function happened to be sampled last.
    const dt = Math.min(profile.timeDeltas[i + 1] ?? 0, MAX_SAMPLE_US);
    const stack: ProfileNode[] = [];
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) stack.push(byId.get(id)!);
    stack.reverse();
    let at = root;
    at.us += dt;
    for (const node of stack.slice(1)) {
      const name = frameName(node);
      let next = at.children.get(name);
      if (!next) at.children.set(name, (next = { name, us: 0, children: new Map() }));
      next.us += dt;
      at = next;
    }
  }
  return root;
}

/** The tree's branches above `minUs`, single-child chains folded into one line. */
function printTree(node: TreeNode, minUs: number, depth: number, out: string[]): void {
  const kids = [...node.children.values()].filter((c) => c.us >= minUs).sort((a, b) => b.us - a.us);
  for (const kid of kids) {
    let chain = kid;
    const names = [kid.name];
    while (chain.children.size > 0) {
      const heavy = [...chain.children.values()].filter((c) => c.us >= minUs);
      if (heavy.length !== 1 || heavy[0].us < chain.us * 0.9) break;
      chain = heavy[0];
      names.push(chain.name);
    }
    const shown = names.length > 3 ? [names[0], '…', ...names.slice(-2)] : names;
    out.push(`${'  '.repeat(depth + 2)}${(kid.us / 1000).toFixed(1).padStart(6)} ms  ${shown.join(' › ')}`);
    if (depth < 14) printTree(chain, minUs, depth + 1, out);
  }
}

/**
 * The page's main-thread tasks (outermost only: a task runs nested ones), each with its wall time
 * and, where the trace has thread timestamps, the time its thread was on a CPU (`tdur`): a task
 * whose thread waited for a core is long by the clock but short on the CPU.
 */
export function pageMainTasks(trace: { traceEvents: TraceEvent[] }): { own: TraceEvent[]; tasks: TraceEvent[] } | null {
  const events = trace.traceEvents;
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const isTask = (e: TraceEvent): boolean => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  // The page's renderer: the main thread with the most script.
  let main = mains[0];
  let most = -1;
  for (const m of mains) {
    const n = events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.name === 'FunctionCall').length;
    if (n > most) [main, most] = [m, n];
  }
  if (!main) return null;
  const own = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const all = own.filter(isTask).sort((a, b) => a.ts - b.ts);
  const tasks: TraceEvent[] = [];
  for (const e of all) {
    const last = tasks[tasks.length - 1];
    if (last && e.ts < last.ts + (last.dur ?? 0)) continue;
    tasks.push(e);
  }
  return { own, tasks };
}

const onCpuText = (task: TraceEvent): string => (task.tdur === undefined ? '' : ` (${(task.tdur / 1000).toFixed(0)} ms of it on a CPU)`);

/**
 * How much of the page's main-thread tasks went waiting for a core, in a trace recorded without a
 * CPU profile (bench/ui's `--trace`): over all tasks longer than a frame, and task by task over `thresholdMs`.
 */
export function longTasksOnCpu(trace: { traceEvents: TraceEvent[] }, thresholdMs: number): string[] {
  const page = pageMainTasks(trace);
  if (!page) return ['  (no renderer main thread in the trace)'];
  const waitedMs = (tasks: TraceEvent[]): string => (tasks.reduce((sum, e) => sum + ((e.dur ?? 0) - (e.tdur ?? e.dur ?? 0)), 0) / 1000).toFixed(0);
  const wallMs = (tasks: TraceEvent[]): string => (tasks.reduce((sum, e) => sum + (e.dur ?? 0), 0) / 1000).toFixed(0);
  // A frame's worth: below it a wait for a core is not something anyone sees.
  const overFrame = page.tasks.filter((e) => (e.dur ?? 0) > 16_000);
  const long = page.tasks.filter((e) => (e.dur ?? 0) > thresholdMs * 1000);
  return [
    `  main-thread tasks over 16 ms in the trace: ${overFrame.length}, waiting for a core ${waitedMs(overFrame)} ms of their ${wallMs(overFrame)} ms`,
    `  over ${thresholdMs} ms: ${long.length}, waiting for a core ${waitedMs(long)} ms of their ${wallMs(long)} ms`,
    ...long.map((e) => `    task ${((e.dur ?? 0) / 1000).toFixed(0)} ms${onCpuText(e)}`),
  ];
}

/** Lines describing every main-thread task of the page over `thresholdMs`, longest first. */
export function attributeLongTasks(trace: { traceEvents: TraceEvent[] }, profile: Profile, thresholdMs: number, maxTasks = 12): string[] {
  const events = trace.traceEvents;
  const page = pageMainTasks(trace);
  if (!page) return ['  (no renderer main thread in the trace)'];
  const { own } = page;
  let t = profile.startTime;
  for (const dt of profile.timeDeltas) t += dt;
  const profileEnd = t;
  // Inside the CPU profile's window.
  const outer = page.tasks.filter((e) => e.ts >= profile.startTime && e.ts + (e.dur ?? 0) <= profileEnd);
  const tasks = outer.filter((e) => (e.dur ?? 0) > thresholdMs * 1000).sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0));
  const marks = events.filter((e) => e.cat.includes('blink.user_timing') && (e.ph === 'b' || e.ph === 'X' || e.ph === 'R' || e.ph === 'I'));
  const out: string[] = [`main-thread tasks over ${thresholdMs} ms: ${tasks.length}`];
  for (const task of tasks.slice(0, maxTasks)) {
    const from = task.ts;
    const to = task.ts + (task.dur ?? 0);
    const native = new Map<string, number>();
    for (const e of own) {
      const kind = NATIVE_WORK[e.name];
      if (kind && e.ph === 'X' && e.ts >= from && e.ts < to) native.set(kind, (native.get(kind) ?? 0) + (e.dur ?? 0));
    }
    const inside = [...new Set(marks.filter((m) => m.ts >= from && m.ts <= to && m.name.startsWith('chart ')).map((m) => m.name))];
    const nativeText = [...native].map(([k, us]) => `${k} ${(us / 1000).toFixed(0)}`).join(', ');
    const tree = callTree(profile, from, to);
    out.push(`  task ${((task.dur ?? 0) / 1000).toFixed(0)} ms${onCpuText(task)}, ${(tree.us / 1000).toFixed(0)} ms of it sampled running${nativeText ? ` (${nativeText} ms)` : ''}${inside.length ? ` measures: ${inside.join(', ')}` : ''}`);
    printTree(tree, Math.max(2000, tree.us * 0.06), 0, out);
  }
  return out;
}

/**
 * Starts a Chrome trace and a CPU profile of `page`; `stop()` ends both, writes them to `dir`
 * (rnn-<name>-trace.json, rnn-<name>.cpuprofile) and returns the long tasks' attribution.
 */
export async function startPageProfile(
  browser: import('@playwright/test').Browser,
  page: import('@playwright/test').Page,
  dir: string,
  name: string,
): Promise<{ stop: (thresholdMs: number, maxTasks?: number) => Promise<string[]> }> {
  const { join } = await import('node:path');
  const { readFile, writeFile } = await import('node:fs/promises');
  const tracePath = join(dir, `rnn-${name}-trace.json`);
  await browser.startTracing(page, { path: tracePath, categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'] });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    stop: async (thresholdMs, maxTasks) => {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
      await browser.stopTracing();
      await writeFile(join(dir, `rnn-${name}.cpuprofile`), JSON.stringify(profile));
      return attributeLongTasks(JSON.parse(await readFile(tracePath, 'utf8')), profile, thresholdMs, maxTasks);
    },
  };
}
