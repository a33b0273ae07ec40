/**
 * `rnn_studio_pipeline.py`, written next to every Keras/ONNX export: the data pipeline of
 * engine/data in Python (missing values, fitted transforms, scaler, windows, undoing them), driven by
 * the export's preprocessing.json, so a forecast can be served without RNN Studio. predict.py and
 * train.py import it. test/integration/export holds its forecasts equal to `rnn-studio predict`.
 */
export const PIPELINE_PY = String.raw`"""The RNN Studio data pipeline, driven by preprocessing.json (written by RNN Studio's export).

Mirrors what the app does: read the columns, repair missing values, apply the fitted transforms to
the targets (log, Box-Cox, differencing), scale with the scaler fitted on the training rows, cut
windows; and undo the scaler and transforms on forecasts so they are in original units.
"""
import csv
import json
import math
import re
from datetime import datetime, timedelta, timezone

import numpy as np


def load_preprocessing(path):
    with open(path, encoding="utf-8") as f:
        record = json.load(f)
    if record.get("version") != 1:
        raise SystemExit(f"{path}: unsupported preprocessing version {record.get('version')!r}")
    return record


_MISSING = {"", "na", "n/a", "nan", "null", "none", "nil", "-", "?", ".", "#n/a"}
_PLAIN = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+(\.\d{3})*(,\d+)?$")


def _number(text, decimal_comma=False):
    """A cell as the app reads it: NaN when missing or not a number; 1,234.5 (or 1.234,5 in ;-files)."""
    text = (text or "").strip()
    if text.lower() in _MISSING:
        return math.nan
    if _PLAIN.match(text):
        return float(text)
    if text.lower().lstrip("+-") in ("inf", "infinity"):
        return -math.inf if text.startswith("-") else math.inf
    if decimal_comma and _DECIMAL_COMMA.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if not decimal_comma and _THOUSANDS.match(text):
        return float(text.replace(",", ""))
    return math.nan


def _date_key(text):
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


_YEAR_MONTH = re.compile(r"^(\d{4})[-/](\d{1,2})$")
_YEAR = re.compile(r"^\d{4}$")
_CALENDAR_COLUMN = re.compile(r"^(hourOfDay|dayOfWeek|dayOfYear|month):(sin|cos)$")


def _utc_date(text):
    """A date cell as a UTC datetime, as the app reads it (no offset means UTC); None when unreadable."""
    text = (text or "").strip()
    m = _YEAR_MONTH.match(text)
    if m:
        return datetime(int(m.group(1)), int(m.group(2)), 1, tzinfo=timezone.utc)
    if _YEAR.match(text):
        return datetime(int(text), 1, 1, tzinfo=timezone.utc)
    try:
        d = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return d.replace(tzinfo=timezone.utc) if d.tzinfo is None else d.astimezone(timezone.utc)


def calendar_value(d, name):
    """One calendar input column (e.g. month:sin) at a date: its position in the cycle as a sin/cos pair."""
    feature, part = _CALENDAR_COLUMN.match(name).groups()
    if feature == "hourOfDay":
        phase = (d.hour + d.minute / 60) / 24
    elif feature == "dayOfWeek":
        phase = ((d.weekday() + 1) % 7) / 7  # Sunday 0, as JavaScript's getUTCDay
    elif feature == "dayOfYear":
        start = datetime(d.year, 1, 1, tzinfo=timezone.utc)
        end = datetime(d.year + 1, 1, 1, tzinfo=timezone.utc)
        phase = (d - start).total_seconds() / (end - start).total_seconds()
    else:
        phase = (d.month - 1) / 12
    angle = 2 * math.pi * phase
    return math.sin(angle) if part == "sin" else math.cos(angle)


def read_table(path, record):
    """The input columns (targets first) as float64 arrays [column][row], and the x of every row."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        sample = f.read(65536)
        f.seek(0)
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        except csv.Error:
            dialect = csv.excel
        reader = csv.DictReader(f, dialect=dialect)
        header = [h.strip() for h in (reader.fieldnames or [])]
        reader.fieldnames = header
        rows = list(reader)
    columns = record["inputColumns"]
    calendar = [c for c in columns if _CALENDAR_COLUMN.match(c)]
    absent = [c for c in columns if c not in header and c not in calendar]
    if absent:
        raise SystemExit(f"{path}: no column(s) {absent}; the model reads {columns} (found {header})")
    date = record.get("dateColumn")
    if date and date in header:
        keys = [_date_key(r[date] or "") for r in rows]
        if all(k is not None for k in keys):
            order = sorted(range(len(rows)), key=lambda i: keys[i])
            rows = [rows[i] for i in order]
        x = [r[date] for r in rows]
    else:
        x = list(range(len(rows)))
    decimal_comma = getattr(dialect, "delimiter", ",") == ";"
    if calendar and not (date and date in header):
        raise SystemExit(f"{path}: the model reads calendar columns {calendar} computed from the date column '{date}', which the file lacks")
    dates = [_utc_date(r[date]) for r in rows] if calendar else []

    def column_values(c):
        if c in calendar:
            return [calendar_value(d, c) if d is not None else math.nan for d in dates]
        return [_number(r[c], decimal_comma) for r in rows]

    values = np.array([column_values(c) for c in columns], dtype=np.float64)
    return values, x


def _forward_fill(v):
    out = v.copy()
    finite = np.flatnonzero(~np.isnan(out))
    if finite.size == 0:
        return out
    out[: finite[0]] = out[finite[0]]
    for r in range(finite[0] + 1, out.size):
        if np.isnan(out[r]):
            out[r] = out[r - 1]
    return out


def _interpolate(v):
    out = v.copy()
    known = np.flatnonzero(~np.isnan(out))
    if known.size == 0:
        return out
    rows = np.arange(out.size)
    # np.interp holds the edge values constant past the first/last known row, as the app does.
    return np.interp(rows, known, out[known])


def repair_missing(values, x, policy):
    if policy == "drop":
        keep = ~np.isnan(values).any(axis=0)
        return values[:, keep], [xi for xi, k in zip(x, keep) if k]
    fill = _forward_fill if policy == "ffill" else _interpolate
    return np.array([fill(v) for v in values]), x


def _lag(step):
    return {"diff": 1, "seasonalDiff": step.get("period", 0)}.get(step["kind"], 0)


def _box_cox(v, lam):
    with np.errstate(invalid="ignore", divide="ignore"):
        safe = np.where(v > 0, v, np.nan)
        return np.log(safe) if abs(lam) < 1e-12 else (np.power(safe, lam) - 1) / lam


def _inverse_box_cox(v, lam):
    return np.exp(v) if abs(lam) < 1e-12 else np.power(lam * v + 1, 1 / lam)


def apply_transform(v, step):
    kind = step["kind"]
    if kind == "log":
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.log(np.where(v > 0, v, np.nan))
    if kind == "boxcox":
        return _box_cox(v, step["lambda"])
    lag = _lag(step)
    out = np.full(v.shape, np.nan)
    out[lag:] = v[lag:] - v[:-lag]
    return out


def apply_chain(v, steps):
    stages = [v]
    for step in steps:
        stages.append(apply_transform(stages[-1], step))
    return stages


def invert_future(history, future, step):
    kind = step["kind"]
    if kind == "log":
        return np.exp(future)
    if kind == "boxcox":
        return _inverse_box_cox(future, step["lambda"])
    lag = _lag(step)
    if len(history) < lag:
        raise ValueError(f"undoing {kind} needs {lag} earlier value(s), got {len(history)}")
    out = np.zeros(len(future))
    for i in range(len(future)):
        earlier = out[i - lag] if i - lag >= 0 else history[len(history) + i - lag]
        out[i] = future[i] + earlier
    return out


def invert_chain(history, future, steps):
    stages = apply_chain(np.asarray(history, dtype=np.float64), steps)
    values = np.asarray(future, dtype=np.float64)
    for k in range(len(steps) - 1, -1, -1):
        values = invert_future(stages[k], values, steps[k])
    return values


def steps_of(record, column):
    for t in record["transforms"]:
        if t["column"] == column:
            return t["steps"]
    return []


def scale(values, scaler):
    return (values - scaler["offset"]) / scaler["scale"]


def unscale(values, scaler):
    return values * scaler["scale"] + scaler["offset"]


def known_in_advance(record):
    """Input columns read at the forecast rows: row r of the model's input holds row r + horizon."""
    return record.get("knownInAdvance") or []


def model_columns(values, record):
    """Every input column transformed (targets) and scaled, as the model sees them; NaN in warm-up rows.

    Known-in-advance columns (marked features, calendar columns) are shifted by the horizon, so a
    window ending at row t carries their values at the forecast rows t+1 ... t+horizon (NaN past the data).
    """
    out = []
    targets = len(record["targets"])
    lead = record["window"]["horizon"]
    known = known_in_advance(record)
    for c, name in enumerate(record["inputColumns"]):
        v = values[c]
        if c < targets:
            v = apply_chain(v, steps_of(record, name))[-1]
        v = scale(v, record["scalers"][c])
        if name in known:
            v = np.concatenate([v[lead:], np.full(min(lead, len(v)), np.nan)])
        out.append(v)
    return np.array(out)


def _add_months(d, months):
    """d plus whole months, overflowing into the next month as JavaScript's setUTCMonth does (Jan 31 + 1 = Mar 2/3)."""
    index = d.year * 12 + d.month - 1 + months
    return datetime(index // 12, index % 12 + 1, 1, d.hour, d.minute, d.second, d.microsecond, tzinfo=timezone.utc) + timedelta(days=d.day - 1)


def future_dates(x, count):
    """The dates of the count rows after the data, continuing its spacing as the app does (whole months for monthly data)."""
    if len(x) < 2:
        return [None] * count
    last, prev = _utc_date(str(x[-1])), _utc_date(str(x[-2]))
    if last is None or prev is None:
        return [None] * count
    months = (last.year - prev.year) * 12 + last.month - prev.month
    if months > 0 and last.day == prev.day:
        return [_add_months(last, months * k) for k in range(1, count + 1)]
    step = last - prev
    return [last + step * k for k in range(1, count + 1)]


def future_known(values, x, record, future=None):
    """Original values of the known-in-advance columns for the horizon rows after the data ([column][h], NaN elsewhere):
    from future (column name -> values) when given, calendar columns from the continued dates, others held at their last value."""
    horizon = record["window"]["horizon"]
    out = np.full((values.shape[0], horizon), np.nan)
    known = known_in_advance(record)
    dates = None
    for c, name in enumerate(record["inputColumns"]):
        if name not in known:
            continue
        given = (future or {}).get(name)
        if given is not None and len(given) >= horizon:
            out[c] = np.asarray(given[:horizon], dtype=np.float64)
        elif _CALENDAR_COLUMN.match(name):
            dates = dates or future_dates(x, horizon)
            out[c] = [calendar_value(d, name) if d is not None else math.nan for d in dates]
        else:
            out[c] = values[c, -1]
    return out


def last_window(values, record, x=None, future=None):
    """The scaled window [1, lookback, features] ending at the last row, and the target history before the forecast."""
    lookback = record["window"]["lookback"]
    warmup = record["warmupRows"]
    rows = values.shape[1]
    if rows < lookback + warmup:
        raise SystemExit(f"the model needs at least {lookback + warmup} rows (lookback {lookback} + {warmup} for differencing), the data has {rows}")
    recent = values[:, rows - lookback - warmup:]
    if known_in_advance(record):
        # The known-in-advance columns' values at the forecast rows follow the data; the shift brings them into the window.
        recent = np.concatenate([recent, future_known(values, x if x is not None else list(range(rows)), record, future)], axis=1)
    scaled = model_columns(recent, record)[:, warmup: warmup + lookback]
    if not np.isfinite(scaled).all():
        raise SystemExit("the last window has values that cannot be transformed and scaled (log and Box-Cox need values above 0)")
    return scaled.T[np.newaxis].astype(np.float32), recent[: len(record["targets"]), : lookback + warmup]


def forecast_of_output(output, record):
    """The model's output for one window as [horizon, targets] (many-to-many: the last step's forecast)."""
    horizon = record["window"]["horizon"]
    targets = len(record["targets"])
    flat = np.asarray(output, dtype=np.float64).reshape(-1)
    return flat[flat.size - horizon * targets:].reshape(horizon, targets)


def to_original(forecast, target_history, record):
    """Undoes the scaler and the transforms of a [horizon, targets] forecast."""
    warmup = record["warmupRows"]
    out = np.zeros(forecast.shape)
    for t, name in enumerate(record["targets"]):
        future = unscale(forecast[:, t], record["scalers"][t])
        steps = steps_of(record, name)
        past = target_history[t][len(target_history[t]) - warmup:] if warmup and steps else np.zeros(0)
        out[:, t] = invert_chain(past, future, steps)
    return out


def windows(scaled, record, first_end, last_end):
    """Training windows x [n, lookback, F] and y (as the app cuts them) whose last input row is in [first_end, last_end]."""
    lookback = record["window"]["lookback"]
    horizon = record["window"]["horizon"]
    stride = record["window"].get("stride", 1)
    targets = len(record["targets"])
    many_to_many = record["topology"] == "many-to-many"
    xs, ys = [], []
    for end in range(first_end, last_end + 1, stride):
        xs.append(scaled[:, end - lookback + 1: end + 1].T)
        if many_to_many:
            start = end - lookback + 1
            y = np.array([[scaled[t, start + s + 1 + h] for h in range(horizon) for t in range(targets)] for s in range(lookback)])
        else:
            y = scaled[:targets, end + 1: end + 1 + horizon].T
        ys.append(y)
    return np.array(xs, dtype=np.float32), np.array(ys, dtype=np.float32)
`;
