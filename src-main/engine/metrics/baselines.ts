/**
 * The two reference forecasts every model must beat, computed from observed history only.
 * `endRow` is the last observed row; step h (1-based) forecasts row endRow + h.
 */

/** Last observed value, repeated over the horizon. */
export function naiveForecast(series: ArrayLike<number>, endRow: number, horizon: number): number[] {
  checkEndRow(series, endRow);
  return new Array<number>(horizon).fill(series[endRow]);
}

/**
 * The value one season before each forecast row. For horizons longer than a season the last
 * observed season repeats (row endRow + h − k·season for the smallest k that reaches observed
 * history). Steps whose seasonal source lies before the start of the series use the naive value.
 */
export function seasonalNaiveForecast(series: ArrayLike<number>, endRow: number, horizon: number, season: number): number[] {
  checkEndRow(series, endRow);
  if (season < 1) throw new Error(`season must be at least 1 (got ${season})`);
  const out = new Array<number>(horizon);
  for (let h = 1; h <= horizon; h++) {
    const source = endRow + h - season * Math.ceil(h / season);
    out[h - 1] = source >= 0 ? series[source] : series[endRow];
  }
  return out;
}

function checkEndRow(series: ArrayLike<number>, endRow: number): void {
  if (!Number.isInteger(endRow) || endRow < 0 || endRow >= series.length) {
    throw new Error(`baseline forecast origin row ${endRow} is outside the series (rows 0..${series.length - 1})`);
  }
}
