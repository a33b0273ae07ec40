// Accuracy in original units, the naive baselines every model is compared with, and season detection.
export { computeMetrics, computeMetricsReport, skillScore, type MetricsReport } from './point-metrics';
export { maseScale, type MaseScale } from './mase-scale';
export { naiveForecast, seasonalNaiveForecast } from './baselines';
export { detectSeason, detectSeasonWithCalendar, calendarSeasons, confirmCalendarSeason, chooseSeason, autocorrelation, detrend, MIN_SEASON_CORRELATION, DEFAULT_MAX_SEASON_LAG, type SeasonChoice } from './season';
export { evaluateForecasts, forecastPoints, type Evaluation, type EvaluationInput, type ForecastSet, type PointTable } from './evaluate-forecasts';
export { baselineLosses, forecastInModelSpace, type BaselineLosses } from './baseline-loss';
export { forecastOfWindow } from './output-layout';
export { seasonalStrength, centredMovingAverage, variance } from './seasonal-strength';
export { quantile, intervalHalfWidths, coverage, MIN_RESIDUALS } from './intervals';
export { kpssLevelStatistic, withoutSeasonalMeans, KPSS_LEVEL_CRITICAL_1PCT } from './kpss';
