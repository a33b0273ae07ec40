"""Statistical anchors for the forecasting benchmark (run by bench/forecast/run.ts).

For each series of suite.json: fit statsforecast's AutoETS and AutoARIMA once on the rows before the
last `test` rows, then forecast each of those rows one step ahead from the actual history with the
fitted parameters frozen (`forward`), plus seasonal naive. Prints one JSON object: predictions per
series and method, so the caller scores every method the same way.

    ~/.cache/forecast-venv/bin/python bench/forecast/baselines.py [--only airline,nottem]
"""

import json
import pathlib
import sys
import time
import warnings

import numpy as np
import pandas as pd
from statsforecast.models import AutoARIMA, AutoETS

HERE = pathlib.Path(__file__).parent
warnings.filterwarnings("ignore")


def one_step(model, y, x, test):
    """Fit once on y[:-test], then predict y[t] from y[:t] for each test row with the fit frozen."""
    n = len(y)
    start = n - test
    fitted = model.fit(y[:start], X=None if x is None else x[:start])
    out = []
    for t in range(start, n):
        kwargs = {} if x is None else {"X": x[:t], "X_future": x[t : t + 1]}
        out.append(float(fitted.forward(y=y[:t], h=1, **kwargs)["mean"][0]))
    return out


def fourier_terms(n, period, pairs):
    """sin/cos pairs of the season, the usual regressors for long seasons (dynamic harmonic regression)."""
    t = np.arange(n)
    cols = []
    for k in range(1, pairs + 1):
        cols += [np.sin(2 * np.pi * k * t / period), np.cos(2 * np.pi * k * t / period)]
    return np.column_stack(cols)


def seasonal_naive(y, season, test):
    n = len(y)
    return [float(y[t - season]) for t in range(n - test, n)]


def run_series(spec):
    frame = pd.read_csv(HERE / spec["file"])
    y = frame[spec["target"]].to_numpy(dtype=float)
    x = frame[spec["features"]].to_numpy(dtype=float) if spec["features"] else None
    test, season = spec["test"], max(1, spec["season"])
    # statsforecast's ETS handles seasons up to 24; longer ones (weekly data) are fitted without, and
    # ARIMA gets the season as Fourier regressors instead of seasonal lags (a seasonal ARIMA with
    # period 52 is very slow to fit and rarely chosen), as fpp2 does for this very series.
    ets_season = season if season <= 24 else 1
    arima_season = season
    if season > 24:
        terms = fourier_terms(len(y), 365.25 / 7 if spec["frequency"] == "weekly" else season, 6)
        x = terms if x is None else np.column_stack([x, terms])
        arima_season = 1
    result = {"actual": [float(v) for v in y[len(y) - test :]], "methods": {}}
    result["methods"]["SeasonalNaive"] = {"predicted": seasonal_naive(y, season, test), "seconds": 0.0}
    for name, model, exog in [
        ("AutoETS", AutoETS(season_length=ets_season), None),
        ("AutoARIMA", AutoARIMA(season_length=arima_season), x),
    ]:
        began = time.perf_counter()
        try:
            predicted = one_step(model, y, exog, test)
            result["methods"][name] = {"predicted": predicted, "seconds": time.perf_counter() - began}
        except Exception as err:  # a failed fit is reported, not fatal
            result["methods"][name] = {"error": str(err)}
    return result


def main():
    suite = json.loads((HERE / "suite.json").read_text())
    only = None
    if "--only" in sys.argv:
        only = set(sys.argv[sys.argv.index("--only") + 1].split(","))
    out = {}
    for spec in suite["series"]:
        if only is None or spec["name"] in only:
            out[spec["name"]] = run_series(spec)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
