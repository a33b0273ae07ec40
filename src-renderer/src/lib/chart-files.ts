/** What a chart can be saved as: the data behind it as CSV, and its picture with a title strip. */

type Point = unknown;
interface SeriesLike {
  name?: unknown;
  type?: unknown;
  data?: unknown;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = String(value);
  // A cell a spreadsheet would run as a formula is defused; quotes when needed (RFC 4180).
  const safe = /^[=+\-@\t\r]/.test(text) && !/^[-+]?\d/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** x and y of one data item: [x, y] pairs, {value: [x, y]} objects, or bare y values (x = index). */
function pointOf(item: Point, index: number): [unknown, unknown] | null {
  if (Array.isArray(item)) return item.length >= 2 ? [item[0], item[1]] : [index, item[0]];
  if (item && typeof item === 'object' && 'value' in item) return pointOf((item as { value: unknown }).value, index);
  if (typeof item === 'number' || typeof item === 'string') return [index, item];
  return null;
}

/** A series' points: its data items, or the [x, y] pairs of a packed line (x0, y0, x1, y1, … in a Float64Array). */
function pointsOf(data: unknown): Array<[unknown, unknown]> {
  if (data instanceof Float64Array) {
    const pairs: Array<[unknown, unknown]> = [];
    for (let i = 0; i + 1 < data.length; i += 2) pairs.push([data[i], data[i + 1]]);
    return pairs;
  }
  if (!Array.isArray(data)) return [];
  return data.map((item: Point, i: number) => pointOf(item, i)).filter((point) => point !== null);
}

function seriesOf(option: { series?: unknown }): SeriesLike[] {
  return (Array.isArray(option.series) ? option.series : option.series ? [option.series] : []) as SeriesLike[];
}

/** The series of an ECharts option, one row per point: series, x, y (long format, any number of series). */
export function chartCsv(option: { series?: unknown }, title: string): string {
  const lines = [`# ${title.replace(/[\r\n]+/g, ' ')}`, 'series,x,y'];
  for (const s of seriesOf(option)) {
    const name = typeof s.name === 'string' ? s.name : String(s.type ?? 'series');
    for (const [x, y] of pointsOf(s.data)) lines.push([name, x, y].map(cell).join(','));
  }
  return lines.join('\n') + '\n';
}

/** True when no series of the option has a single point: the chart would be an empty frame. */
export function optionIsEmpty(option: { series?: unknown }): boolean {
  return !seriesOf(option).some((s) => (Array.isArray(s.data) || s.data instanceof Float64Array) && s.data.length > 0);
}

/** The chart's PNG with a title strip above it (run and dataset), as a PNG data URL. */
export async function titledPng(chartPng: string, title: string, background: string, foreground: string): Promise<string> {
  const image = new Image();
  image.src = chartPng;
  await image.decode();
  const strip = 44;
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height + strip;
  const context = canvas.getContext('2d');
  if (!context) return chartPng;
  context.fillStyle = background;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = foreground;
  context.font = '600 24px system-ui, sans-serif';
  context.textBaseline = 'middle';
  context.fillText(title, 20, strip / 2 + 4, canvas.width - 40);
  context.drawImage(image, 0, strip);
  return canvas.toDataURL('image/png');
}
