/** `predict.py`, written next to every Keras/ONNX export (see pipeline-py.ts). */
export function predictPy(modelFile: string): string {
  return String.raw`#!/usr/bin/env python3
"""Forecast from a CSV with the model RNN Studio exported, in the data's original units.

    python predict.py DATA.csv [--out forecast.csv] [--model MODEL_FILE] [--future FUTURE.csv]

Reads the columns the model was trained on, repairs missing values, applies the fitted transforms and
scaler from preprocessing.json, forecasts the horizon after the last row, and undoes the scaler and
transforms. Needs numpy and keras (TensorFlow) for a .keras model, or onnxruntime for a .onnx model.
"""
import argparse
import csv
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import rnn_studio_pipeline as pipeline  # noqa: E402

DEFAULT_MODEL = "MODEL_FILE_PLACEHOLDER"


def load_predictor(path):
    if path.endswith(".onnx"):
        import onnxruntime

        session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
        name = session.get_inputs()[0].name
        return lambda x: session.run(None, {name: x})[0]
    import keras

    model = keras.saving.load_model(path, compile=False)
    return lambda x: np.asarray(model(x, training=False))


def read_future(path, record):
    """Future values of the known-in-advance features: a CSV with one row per forecast step after the data."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    horizon = record["window"]["horizon"]
    wanted = [c for c in pipeline.known_in_advance(record) if not pipeline._CALENDAR_COLUMN.match(c)]
    missing = [c for c in wanted if not rows or c not in rows[0]]
    if missing:
        raise SystemExit(f"{path}: no column(s) {missing}; give one row per forecast step after the data with the known-in-advance features {wanted}")
    if len(rows) < horizon:
        raise SystemExit(f"{path}: {len(rows)} row(s), but the model reads its known-in-advance features at {horizon} forecast step(s)")
    return {c: [pipeline._number(r[c]) for r in rows[:horizon]] for c in wanted}


def forecast(data_path, model_path, record, future_path=None):
    values, x = pipeline.read_table(data_path, record)
    values, x = pipeline.repair_missing(values, x, record["missing"])
    future = read_future(future_path, record) if future_path else None
    window, target_history = pipeline.last_window(values, record, x, future)
    output = load_predictor(model_path)(window)
    return pipeline.to_original(pipeline.forecast_of_output(output, record), target_history, record), x[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="CSV with the columns the model was trained on")
    parser.add_argument("--out", help="CSV to write (default: print to stdout)")
    parser.add_argument("--model", default=os.path.join(HERE, DEFAULT_MODEL))
    parser.add_argument("--preprocessing", default=os.path.join(HERE, "preprocessing.json"))
    parser.add_argument("--future", help="CSV of the known-in-advance features for the forecast steps (else held at their last value)")
    args = parser.parse_args()
    record = pipeline.load_preprocessing(args.preprocessing)
    predicted, origin = forecast(args.data, args.model, record, args.future)
    out = open(args.out, "w", newline="", encoding="utf-8") if args.out else sys.stdout
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["origin", "step", *("predicted_" + t for t in record["targets"])])
    for h, row in enumerate(predicted):
        writer.writerow([origin, h + 1, *(repr(float(v)) for v in row)])
    if args.out:
        out.close()
        print(f"wrote {len(predicted)} forecast rows to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
`.replace('MODEL_FILE_PLACEHOLDER', modelFile);
}
