import { describeRow, type DatasetIssue, type RowPlace } from '../spec';
import { calendarStep, describeStep, parseDate, stepKey, type CalendarStep, type DateFormat } from './dates';
import { isMissingCell } from './numbers';

const DATE_SHAPES: { format: DateFormat; words: string }[] = [
  { format: 'ymd', words: 'year-month-day' },
  { format: 'year-month', words: 'year-month' },
  { format: 'dmy', words: 'day/month/year or month/day/year' },
];

/** How many individual locations a message lists before summarising. */
export const MAX_LOCATIONS = 5;

/** Where the row at a 0-based index (in table order) is: its data row number, date and file line. */
export type Locator = (index: number) => RowPlace;

const at = (locator: Locator, index: number): string => describeRow(locator(index));
const quote = (cell: string): string => `'${cell.length > 30 ? cell.slice(0, 27) + '...' : cell}'`;

function listLocations(indices: number[], describe: (index: number) => string): string {
  const shown = indices.slice(0, MAX_LOCATIONS).map(describe).join(', ');
  return indices.length > MAX_LOCATIONS ? `${shown}, and ${indices.length - MAX_LOCATIONS} more` : shown;
}

/** Non-numeric and infinite cells in a numeric column, and its missing cells (NaN without unreadable text). */
export function numericCellIssues(column: string, values: Float64Array, unreadable: ReadonlyMap<number, string>, locator: Locator): DatasetIssue[] {
  const issues: DatasetIssue[] = [];
  const missing: number[] = [];
  const infinite: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v === 0) continue; // finite: the common case, one test
    if (Number.isNaN(v)) {
      if (!unreadable.has(i)) missing.push(i);
    } else infinite.push(i);
  }
  const notNumbers = [...unreadable.keys()].sort((a, b) => a - b);
  const cell = (i: number): string => unreadable.get(i) ?? String(values[i]);
  if (notNumbers.length) {
    issues.push({
      severity: 'warning',
      code: 'non-numeric-cells',
      message: `column '${column}': ${notNumbers.length} cell${notNumbers.length === 1 ? ' is' : 's are'} not a number (${listLocations(notNumbers, (i) => `${at(locator, i)} ${quote(cell(i))}`)}); they are treated as missing values. Fix the cells or choose a missing-value policy.`,
      ...locator(notNumbers[0]),
      column,
    });
  }
  if (infinite.length) {
    issues.push({
      severity: 'warning',
      code: 'infinite-cells',
      message: `column '${column}': ${infinite.length} infinite value${infinite.length === 1 ? '' : 's'} (${listLocations(infinite, (i) => `${at(locator, i)} ${quote(cell(i))}`)}); a model cannot train on them. Replace them with numbers or empty cells.`,
      ...locator(infinite[0]),
      column,
    });
  }
  if (missing.length) issues.push(missingIssue(column, missing, locator));
  return issues;
}

export function missingIssue(column: string, missing: number[], locator: Locator): DatasetIssue {
  return {
    severity: 'info',
    code: 'missing-values',
    message: `column '${column}': ${missing.length} empty cell${missing.length === 1 ? '' : 's'} (${listLocations(missing, (i) => at(locator, i))}); the missing-value policy fills or drops them.`,
    ...locator(missing[0]),
    column,
  };
}

/** How a cell that is not in the column's date format is written, when it is a date in another one. */
function otherDateShape(cell: string, format: DateFormat): string | undefined {
  return DATE_SHAPES.find((shape) => shape.format !== format && (!Number.isNaN(parseDate(cell, shape.format)) || (shape.format === 'dmy' && !Number.isNaN(parseDate(cell, 'mdy')))))?.words;
}

/**
 * Rows without a readable date cannot be placed in the series: an error. When those cells are dates
 * written another way, the message says so.
 */
export function badDateIssue(column: string, dates: Float64Array, unreadable: ReadonlyMap<number, string>, locator: Locator, format: DateFormat = 'ymd'): DatasetIssue | null {
  const bad = [...unreadable.keys()].sort((a, b) => a - b);
  const all: number[] = [];
  for (let i = 0; i < dates.length; i++) if (Number.isNaN(dates[i])) all.push(i);
  if (all.length === 0) return null;
  const cell = (i: number): string => unreadable.get(i) ?? '';
  const other = bad.length ? otherDateShape(cell(bad[0]), format) : undefined;
  const mixed = other ? ` They are written as ${other}, the rest of the column as ${DATE_SHAPES.find((s) => s.format === format)?.words ?? format}.` : '';
  return {
    severity: 'error',
    code: 'bad-dates',
    message: `column '${column}': ${all.length} cell${all.length === 1 ? ' has' : 's have'} no readable date (${listLocations(all, (i) => `${at(locator, i)} ${quote(cell(i))}`)}), so those rows cannot be placed in time.${mixed} Fix the dates (write them all the same way) or remove the rows.`,
    ...locator(all[0]),
    column,
  };
}

export function constantColumnIssue(column: string, values: Float64Array): DatasetIssue | null {
  let first = Number.NaN;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (count === 0) first = v;
    else if (v !== first) return null;
    count++;
  }
  if (count < 2) return null;
  return {
    severity: 'warning',
    code: 'constant-column',
    message: `column '${column}' has the same value (${first}) in every row; it carries no information and cannot be scaled. Leave it out of the targets and features.`,
    column,
  };
}

const MONTHISH_MS = 28 * 86_400_000;

/** The most common step between consecutive dates (ties: the smaller step). Sub-month steps are counted by their milliseconds, without building a step per row. */
export function dominantStep(dates: ArrayLike<number>): CalendarStep | null {
  const byMs = new Map<number, number>();
  const calendar = new Map<string, { step: CalendarStep; count: number }>();
  for (let i = 1; i < dates.length; i++) {
    const delta = dates[i] - dates[i - 1];
    if (!(delta > 0) || !Number.isFinite(delta)) continue;
    if (delta < MONTHISH_MS) {
      byMs.set(delta, (byMs.get(delta) ?? 0) + 1);
      continue;
    }
    const step = calendarStep(dates[i - 1], dates[i]);
    const key = stepKey(step);
    const entry = calendar.get(key) ?? { step, count: 0 };
    entry.count++;
    calendar.set(key, entry);
  }
  let best: { step: CalendarStep; count: number } | null = null;
  const consider = (step: CalendarStep, count: number): void => {
    if (!best || count > best.count || (count === best.count && step.size < best.step.size)) best = { step, count };
  };
  for (const [size, count] of byMs) consider({ unit: 'ms', size }, count);
  for (const entry of calendar.values()) consider(entry.step, entry.count);
  return (best as { step: CalendarStep } | null)?.step ?? null;
}

/** How many dominant steps a step spans, or null when it is not a whole multiple. */
function stepsSpanned(step: CalendarStep, dominant: CalendarStep, from: number, to: number): number | null {
  if (dominant.unit === 'month') {
    return step.unit === 'month' && step.size % dominant.size === 0 ? step.size / dominant.size : null;
  }
  const delta = to - from;
  return delta % dominant.size === 0 ? delta / dominant.size : null;
}

/** Duplicate timestamps, gaps (missing steps) and irregular spacing in a sorted date column. */
export function timelineIssues(column: string, dates: ArrayLike<number>, locator: Locator): DatasetIssue[] {
  const issues: DatasetIssue[] = [];
  const duplicates: number[] = [];
  const gaps: { index: number; missingSteps: number }[] = [];
  const irregular: number[] = [];
  const dominant = dominantStep(dates);
  for (let i = 1; i < dates.length; i++) {
    if (!Number.isFinite(dates[i]) || !Number.isFinite(dates[i - 1])) continue;
    if (dates[i] === dates[i - 1]) {
      duplicates.push(i);
      continue;
    }
    if (!dominant) continue;
    // The usual case, a regular step, costs one subtraction.
    if (dominant.unit === 'ms' && dates[i] - dates[i - 1] === dominant.size) continue;
    const step = calendarStep(dates[i - 1], dates[i]);
    if (step.unit === dominant.unit && step.size === dominant.size) continue;
    const spanned = stepsSpanned(step, dominant, dates[i - 1], dates[i]);
    if (spanned !== null && spanned > 1) gaps.push({ index: i, missingSteps: spanned - 1 });
    else irregular.push(i);
  }
  duplicates.slice(0, MAX_LOCATIONS).forEach((i) => {
    issues.push({
      // Two values for one time step: the series has no single order, so the data is refused until merged.
      severity: 'error',
      code: 'duplicate-timestamp',
      message: `${at(locator, i)} repeats the date of ${at(locator, i - 1)} (${duplicates.length} repeated date${duplicates.length === 1 ? '' : 's'} in all). Remove or merge the duplicate rows (e.g. sum or average them per date).`,
      ...locator(i),
      column,
    });
  });
  if (dominant) {
    const unit = describeStep(dominant);
    gaps.slice(0, MAX_LOCATIONS).forEach(({ index, missingSteps }) => {
      issues.push({
        severity: 'warning',
        code: 'gap',
        message: `${missingSteps} missing step${missingSteps === 1 ? '' : 's'} of ${unit} between ${at(locator, index - 1)} and ${at(locator, index)} (${gaps.length} gap${gaps.length === 1 ? '' : 's'} in all). The model treats the rows as consecutive.`,
        ...locator(index),
        column,
      });
    });
    irregular.slice(0, MAX_LOCATIONS).forEach((i) => {
      issues.push({
        severity: 'warning',
        code: 'irregular-spacing',
        message: `${at(locator, i)} is ${describeStep(calendarStep(dates[i - 1], dates[i]))} after the previous row, but the usual step is ${unit} (${irregular.length} irregular step${irregular.length === 1 ? '' : 's'} in all).`,
        ...locator(i),
        column,
      });
    });
  }
  return issues;
}


/**
 * A column of dates written in more than one way is not typed as dates (no single reading fits), and
 * would silently become text: say so, with where each way is used, and refuse it.
 */
export function mixedDateIssue(column: string, cells: readonly string[], locator: Locator): DatasetIssue | null {
  const groups = DATE_SHAPES.map(() => [] as number[]);
  let present = 0;
  let dated = 0;
  cells.forEach((cell, i) => {
    if (isMissingCell(cell)) return;
    present++;
    const shape = DATE_SHAPES.findIndex(({ format }) => !Number.isNaN(parseDate(cell, format)) || (format === 'dmy' && !Number.isNaN(parseDate(cell, 'mdy'))));
    if (shape < 0) return;
    dated++;
    groups[shape].push(i);
  });
  const used = groups.map((rows, g) => ({ rows, words: DATE_SHAPES[g].words })).filter((g) => g.rows.length > 0);
  if (present < 2 || dated < 0.9 * present || used.length < 2) return null;
  used.sort((a, b) => b.rows.length - a.rows.length);
  const [main, ...others] = used;
  const firstOther = others[0].rows[0];
  const described = others.map((g) => `${g.rows.length} as ${g.words} (${listLocations(g.rows, (i) => `${at(locator, i)} ${quote(cells[i])}`)})`).join('; ');
  return {
    severity: 'error',
    code: 'mixed-date-formats',
    message: `column '${column}' mixes date formats: ${main.rows.length} cells are written as ${main.words} (like ${quote(cells[main.rows[0]])}), ${described}; it cannot be read as dates. Write every date the same way, e.g. 2024-01-31.`,
    ...locator(firstOther),
    column,
  };
}
