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

/** The series of an ECharts option, one row per point: series, x, y (long format, any number of series). */
export function chartCsv(option: { series?: unknown }, title: string): string {
  const series = (Array.isArray(option.series) ? option.series : option.series ? [option.series] : []) as SeriesLike[];
  const lines = [`# ${title.replace(/[\r\n]+/g, ' ')}`, 'series,x,y'];
  for (const s of series) {
    if (!Array.isArray(s.data)) continue;
    const name = typeof s.name === 'string' ? s.name : String(s.type ?? 'series');
    s.data.forEach((item: Point, i: number) => {
      const point = pointOf(item, i);
      if (point) lines.push([name, point[0], point[1]].map(cell).join(','));
    });
  }
  return lines.join('\n') + '\n';
}

/** True when no series of the option has a single point: the chart would be an empty frame. */
export function optionIsEmpty(option: { series?: unknown }): boolean {
  const series = (Array.isArray(option.series) ? option.series : option.series ? [option.series] : []) as SeriesLike[];
  return !series.some((s) => Array.isArray(s.data) && s.data.length > 0);
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
