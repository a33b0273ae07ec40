"""Darts `RNNModel` anchor for the forecasting benchmark (run by bench/forecast/run.ts).

Darts' LSTM with the settings of its RNN example on the air-passengers series (hidden 20, no
dropout, batch 16, 300 epochs, lr 1e-3, training length 20, input chunk 14, inputs scaled to 0..1
on the training rows) and its covariates: the year (scaled) and the calendar position as one-hot
(month for monthly data, day of week for daily, quarter for quarterly, month for weekly), given as
`future_covariates`; a series' own features (elecdaily's WorkDay and Temperature) join them, known
at the forecast rows as Darts' future covariates are. Fitted once on the rows before the last
`test` rows, then one step ahead over those rows from the actual history (`historical_forecasts`,
retrain=False). Prints one JSON object: predictions per series and seed.

    ~/.cache/rnn-studio/bench-anchors/bin/python bench/forecast/darts_rnn.py --only airline --seeds 1
"""

import json
import logging
import pathlib
import sys
import time
import warnings

import numpy as np
import pandas as pd

HERE = pathlib.Path(__file__).parent
warnings.filterwarnings("ignore")
logging.disable(logging.WARNING)

import torch  # noqa: E402

torch.set_num_threads(1)  # a shared machine: one core per process, as our own runs use

from darts import TimeSeries  # noqa: E402
from darts.dataprocessing.transformers import Scaler  # noqa: E402
from darts.models import RNNModel  # noqa: E402
from darts.utils.timeseries_generation import datetime_attribute_timeseries  # noqa: E402

CALENDAR = {"monthly": "month", "weekly": "month", "daily": "weekday", "quarterly": "quarter"}
FREQ = {"monthly": "MS", "weekly": "W", "daily": "D", "quarterly": "QS"}


def series_of(spec, frame):
    """The target and, with a date column, a date index continued at the data's frequency."""
    y = frame[spec["target"]].to_numpy(dtype=np.float32)
    if spec.get("date") and spec["frequency"] in FREQ and spec["frequency"] != "daily":
        dates = pd.DatetimeIndex(pd.to_datetime(frame[spec["date"]]))
        freq = pd.infer_freq(dates) or FREQ[spec["frequency"]]
        index = pd.date_range(start=dates[0], periods=len(y), freq=freq)
    else:
        index = pd.RangeIndex(len(y))
    return TimeSeries.from_times_and_values(index, y), index


def covariates_of(spec, frame, index, train_end):
    """Year (scaled) + calendar one-hot, as the example builds them, plus the series' own features."""
    parts = []
    if isinstance(index, pd.DatetimeIndex):
        year = datetime_attribute_timeseries(index, attribute="year", one_hot=False)
        parts.append(Scaler().fit(year[:train_end]).transform(year))
        parts.append(datetime_attribute_timeseries(index, attribute=CALENDAR[spec["frequency"]], one_hot=True))
    if isinstance(index, pd.RangeIndex) and spec.get("date") and spec["frequency"] == "daily":
        # Daily data runs on a range index (Darts 0.48 on pandas 3 fails on a Day frequency); the
        # covariates still come from its dates.
        dates = pd.DatetimeIndex(pd.to_datetime(frame[spec["date"]]))
        year = datetime_attribute_timeseries(dates, attribute="year", one_hot=False)
        year = TimeSeries.from_times_and_values(index, Scaler().fit(year[:train_end]).transform(year).values())
        weekday = datetime_attribute_timeseries(dates, attribute="weekday", one_hot=True)
        parts += [year, TimeSeries.from_times_and_values(index, weekday.values())]
    if spec["features"]:
        feats = TimeSeries.from_times_and_values(index, frame[spec["features"]].to_numpy(dtype=np.float32))
        parts.append(Scaler().fit(feats[:train_end]).transform(feats))
    if not parts:
        return None
    out = parts[0]
    for part in parts[1:]:
        out = out.stack(part)
    return out.astype(np.float32)


def run_series(spec, seed):
    frame = pd.read_csv(HERE / spec["file"])
    series, index = series_of(spec, frame)
    n, test = len(series), spec["test"]
    start = n - test
    scaler = Scaler()
    scaler.fit(series[:start])
    scaled = scaler.transform(series)
    covariates = covariates_of(spec, frame, index, start)
    model = RNNModel(
        model="LSTM",
        hidden_dim=20,
        dropout=0,
        batch_size=16,
        n_epochs=300,
        optimizer_kwargs={"lr": 1e-3},
        random_state=seed,
        training_length=20,
        input_chunk_length=14,
        force_reset=True,
        save_checkpoints=False,
        pl_trainer_kwargs={"accelerator": "cpu", "enable_progress_bar": False, "enable_model_summary": False, "logger": False, "enable_checkpointing": False},
    )
    began = time.perf_counter()
    model.fit(scaled[:start], future_covariates=covariates, verbose=False)
    forecasts = model.historical_forecasts(
        scaled,
        future_covariates=covariates,
        start=start,
        forecast_horizon=1,
        retrain=False,
        last_points_only=True,
        verbose=False,
    )
    predicted = scaler.inverse_transform(forecasts).values().reshape(-1)
    return {"predicted": [float(v) for v in predicted[-test:]], "seconds": time.perf_counter() - began}


def main():
    suite = json.loads((HERE / "suite.json").read_text())
    only = set(sys.argv[sys.argv.index("--only") + 1].split(",")) if "--only" in sys.argv else None
    seeds = int(sys.argv[sys.argv.index("--seeds") + 1]) if "--seeds" in sys.argv else 1
    out = {}
    for spec in suite["series"]:
        if only is not None and spec["name"] not in only:
            continue
        runs = []
        for s in range(seeds):
            try:
                runs.append(run_series(spec, 42 + s))
            except Exception as err:  # a failed fit is reported, not fatal
                runs.append({"error": f"{type(err).__name__}: {err}"})
        out[spec["name"]] = runs
        print(f"darts: {spec['name']} done", file=sys.stderr, flush=True)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
