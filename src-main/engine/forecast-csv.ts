/** The forecast past the data and the backtest table as CSV files a spreadsheet opens (CLI and app alike). */
import type { BacktestResult } from './backtest';
import { csvCell } from './csv-cell';
import type { AheadForecast } from './forecast-ahead';

export function forecastCsv(forecast: Pick<AheadForecast, 'target' | 'x' | 'predicted' | 'intervals'>): string {
  const levels = forecast.intervals.map((i) => Math.round(i.level * 100));
  const header = ['x', 'step', `predicted_${forecast.target}`, ...levels.flatMap((l) => [`lower_${l}`, `upper_${l}`])];
  const lines = [header.map(csvCell).join(',')];
  forecast.predicted.forEach((p, h) => {
    const bounds = forecast.intervals.flatMap((i) => [i.lower[h] ?? Number.NaN, i.upper[h] ?? Number.NaN]);
    lines.push([forecast.x[h], h + 1, p, ...bounds].map((c) => csvCell(c)).join(','));
  });
  return lines.join('\n') + '\n';
}

export function backtestCsv(result: Pick<BacktestResult, 'perStep'>): string {
  const header = ['step', 'count', 'mae_model', 'mae_naive', 'mae_seasonal_naive', 'rmse_model', 'rmse_naive', 'rmse_seasonal_naive', 'mape_model', 'mape_naive', 'mape_seasonal_naive'];
  const lines = [header.join(',')];
  for (const s of result.perStep) {
    const cells = [s.step, s.count, s.model.mae, s.naive.mae, s.seasonalNaive.mae, s.model.rmse, s.naive.rmse, s.seasonalNaive.rmse, s.model.mape, s.naive.mape, s.seasonalNaive.mape];
    lines.push(cells.map((c) => csvCell(c)).join(','));
  }
  return lines.join('\n') + '\n';
}
