/** The test forecast as a CSV a spreadsheet opens: x, then actual/predicted/naive/seasonal naive per target. */
import type { Forecast } from '../common/contract';

export function forecastToCsv(forecast: Forecast): string {
  const header = ['x'];
  for (const prefix of ['actual', 'predicted', 'naive', 'seasonal_naive']) {
    for (const target of forecast.targets) header.push(`${prefix}_${target}`);
  }
  const lines = [header.map(csvCell).join(',')];
  forecast.x.forEach((x, i) => {
    const cells: (string | number)[] = [x];
    for (const block of [forecast.actual, forecast.predicted, forecast.naive, forecast.seasonalNaive]) {
      forecast.targets.forEach((_, t) => cells.push(block[i]?.[t] ?? ''));
    }
    lines.push(cells.map(csvCell).join(','));
  });
  return lines.join('\n') + '\n';
}

/**
 * Quotes when needed (RFC 4180), and defuses cells a spreadsheet would run as a formula
 * (=, +, -, @ at the start of text) since column names come from user files.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text) && !/^[-+]?\d/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
