"""Keras 3 on TensorFlow CPU: the same models, data, optimizer (Adam, clip norm 1) and timings as bench.ts."""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from common import CONFIGS, row, serve, time_loop, train_rate, windows  # noqa: E402

LAYERS = {"lstm": keras.layers.LSTM, "gru": keras.layers.GRU, "rnn": keras.layers.SimpleRNN}


def bench(cell, config_name, seconds):
    c = CONFIGS[config_name]
    model = keras.Sequential([keras.Input((c["lookback"], 1)), LAYERS[cell](c["units"]), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(1e-3, clipnorm=1.0), loss="mse")
    x, y = windows(8 * c["batch"], c["lookback"])
    batches = [(x[i:i + c["batch"]], y[i:i + c["batch"]]) for i in range(0, len(x), c["batch"])]
    train = train_rate(lambda b: model.train_on_batch(*batches[b]), c["batch"], seconds, len(batches))
    xb, x1 = batches[0][0], x[:1]
    model.predict_on_batch(xb)
    model.predict_on_batch(x1)
    rounds, elapsed, _, _ = time_loop(seconds / 2, 3, lambda: model.predict_on_batch(xb))
    _, _, latency, latency_cpu = time_loop(seconds / 4, 10, lambda: model.predict_on_batch(x1))
    backend = f"tensorflow-cpu {tf.__version__} (keras {keras.__version__})"
    return row("keras", backend, cell, config_name, train, rounds * c["batch"] / elapsed, latency, latency_cpu)


if __name__ == "__main__":
    serve(bench)
