/**
 * `train.py`, written next to every Keras/ONNX export: rebuilds the run's model in Keras from
 * run-config.json (the same layer chain as engine/model/plan.ts) and trains it on a CSV through the
 * same pipeline (rnn_studio_pipeline.py, preprocessing.json) with tf.distribute.
 */
import { MAX_CLOSED_FORM_INPUTS, RIDGE_CANDIDATES } from '../../train/linear-shortcut-fit';

/** The shortcut's ridge strengths as a Python list: the script chooses among the app's own. */
const PYTHON_RIDGES = `[${RIDGE_CANDIDATES.map((r) => (Number.isFinite(r) ? String(r) : 'float("inf")')).join(', ')}]`;

export const TRAIN_PY = String.raw`#!/usr/bin/env python3
"""Train the exported RNN Studio model at scale with tf.distribute.

    python train.py DATA.csv [--epochs N] [--batch-size B] [--strategy mirrored|multiworker|default]
                             [--from-scratch] [--out trained.keras]

Rebuilds the run's model (run-config.json) in Keras, prepares the CSV exactly as the app did (the
fitted transforms and scaler in preprocessing.json, so the result works with predict.py), splits it
chronologically into train and validation windows, and trains with the run's optimizer, learning
rate, clipping, batch size and early stopping. It starts from the exported weights when model.keras
is next to it (a Keras export); --from-scratch starts from fresh ones (with the linear shortcut, from
its least-squares fit on the training windows and a zero network output, as the app starts).

Strategies: 'mirrored' (default) uses every GPU of this machine (or the CPU); 'multiworker' trains on
several machines, each started with the same command and a TF_CONFIG environment variable naming the
cluster and its own index (worker 0, the chief, writes --out; the others write a side file); 'default'
is no distribution. --batch-size is the global batch, split over the replicas.
"""
import argparse
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import rnn_studio_pipeline as pipeline  # noqa: E402


def build_model(spec, lookback, horizon, features, targets):
    """The same layers RNN Studio builds (engine/model/plan.ts), with the same names."""
    import keras

    cell = spec["cell"]
    cell_class = {"rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM, "gru": keras.layers.GRU}[cell]
    l2 = spec.get("l2", 0) or 0

    def recurrent(units, return_sequences, name, bidirectional):
        kwargs = dict(units=units, return_sequences=return_sequences, activation="tanh",
                      dropout=spec.get("dropout", 0), recurrent_dropout=spec.get("recurrentDropout", 0))
        if l2 > 0:
            kwargs.update(kernel_regularizer=keras.regularizers.L2(l2), recurrent_regularizer=keras.regularizers.L2(l2))
        if cell != "rnn":
            kwargs["recurrent_activation"] = "sigmoid"
        if cell == "gru":
            kwargs["reset_after"] = False  # the reset gate applies before the recurrent matmul, as in the app
        if bidirectional:
            return keras.layers.Bidirectional(cell_class(**kwargs), name=name)
        return cell_class(name=name, **kwargs)

    def stack(x, final_returns_sequences, prefix):
        bidirectional = spec.get("bidirectional", False)
        for i, layer in enumerate(spec["layers"]):
            last = i == len(spec["layers"]) - 1
            name = prefix + ("bi" if bidirectional else "") + cell + "_" + str(i + 1)
            x = recurrent(layer["units"], final_returns_sequences if last else True, name, bidirectional)(x)
        return x

    def chain(inputs, prefix):
        topology = spec.get("topology", "many-to-one")
        if topology == "many-to-one":
            x = stack(inputs, False, prefix)
            x = keras.layers.Dense(horizon * targets, name=prefix + "dense_out")(x)
            return keras.layers.Reshape((horizon, targets), name=prefix + "reshape_out")(x)
        if topology == "many-to-many":
            x = stack(inputs, True, prefix)
            return keras.layers.Dense(horizon * targets, name=prefix + "dense_out")(x)
        if topology == "one-to-many":
            x = keras.layers.Reshape((lookback, features, 1), name=prefix + "window_as_image")(inputs)
            x = keras.layers.Cropping2D(((lookback - 1, 0), (0, 0)), name=prefix + "last_step")(x)
            x = keras.layers.Flatten(name=prefix + "last_step_vector")(x)
            x = keras.layers.RepeatVector(horizon, name=prefix + "repeat_horizon")(x)
            x = stack(x, True, prefix)
            return keras.layers.Dense(targets, name=prefix + "dense_out")(x)
        if topology == "encoder-decoder":
            x = stack(inputs, False, prefix)
            x = keras.layers.RepeatVector(horizon, name=prefix + "repeat_horizon")(x)
            x = recurrent(spec["layers"][-1]["units"], True, prefix + "decoder_" + cell, False)(x)
            return keras.layers.Dense(targets, name=prefix + "dense_out")(x)
        raise SystemExit(f"unknown topology {topology!r} in run-config.json")

    inputs = keras.Input(shape=(lookback, features), name="input")
    topology = spec.get("topology", "many-to-one")
    members = int(spec.get("ensemble", 1) or 1)
    if members == 1:
        x = chain(inputs, "")
    else:
        # A seed ensemble: members side by side from the one input, their mean as the forecast.
        # (Keras trains it on the mean's loss; the app trains each member on its own.)
        x = keras.layers.Average(name="ensemble_mean")([chain(inputs, f"m{k}_") for k in range(1, members + 1)])
    if spec.get("linearShortcut"):
        if topology != "many-to-one":
            raise SystemExit(f"run-config.json: the linear shortcut (model.linearShortcut) needs the many-to-one topology, not {topology!r}")
        # A linear autoregression of the whole window added to the network's forecast (one term, after an ensemble's mean).
        s = keras.layers.Flatten(name="shortcut_flatten")(inputs)
        s = keras.layers.Dense(horizon * targets, name="shortcut_dense")(s)
        s = keras.layers.Reshape((horizon, targets), name="shortcut_reshape")(s)
        x = keras.layers.Add(name="shortcut_add")([x, s])
    return keras.Model(inputs, x, name=cell + "_" + topology)


def copy_weights(model, source):
    """The exported model's weights, layer by layer by name (both are built with the app's layer names)."""
    for layer in model.layers:
        if layer.weights:
            layer.set_weights(source.get_layer(layer.name).get_weights())


RIDGE_CANDIDATES = ${PYTHON_RIDGES}


def fit_shortcut(model, x_train, y_train, x_val, y_val):
    """As the app does before training (engine/train/linear-shortcut-fit.ts): the shortcut starts as
    the ridge least-squares fit of the training targets on the flattened windows (standardised
    columns, constant columns weightless), its ridge strength per window the candidate that predicts
    the validation windows best (infinite: the targets' mean alone), and each network's output layer
    at zero, so the first epoch starts from the linear model and the network learns what it misses.
    Returns the strength used, or None when the window is too long for the closed form."""
    n = len(x_train)
    flat = x_train.reshape(n, -1).astype(np.float64)
    if flat.shape[1] > ${MAX_CLOSED_FORM_INPUTS}:
        print(f"linear shortcut: the window holds {flat.shape[1]} values (over ${MAX_CLOSED_FORM_INPUTS}), so it starts at zero", file=sys.stderr)
        return None
    targets = y_train.reshape(n, -1).astype(np.float64)
    mean, y_mean = flat.mean(axis=0), targets.mean(axis=0)
    sd = flat.std(axis=0)
    inverse = np.where(sd > 1e-12, 1 / np.where(sd > 1e-12, sd, 1), 0)
    z = (flat - mean) * inverse
    gram, moment = z.T @ z, z.T @ (targets - y_mean)

    def solve(ridge):
        if not np.isfinite(ridge):
            return np.zeros((flat.shape[1], targets.shape[1])), y_mean
        coef = np.linalg.solve(gram + ridge * n * np.eye(z.shape[1]), moment) * inverse[:, None]
        return coef, y_mean - mean @ coef

    flat_val = x_val.reshape(len(x_val), -1).astype(np.float64)
    targets_val = y_val.reshape(len(y_val), -1).astype(np.float64)
    losses = [float(np.mean((flat_val @ c + b - targets_val) ** 2)) for c, b in map(solve, RIDGE_CANDIDATES)] if len(x_val) else [0.0]
    ridge = RIDGE_CANDIDATES[int(np.argmin(losses))]
    coef, bias = solve(ridge)
    model.get_layer("shortcut_dense").set_weights([coef.astype(np.float32), bias.astype(np.float32)])
    for layer in model.layers:
        if layer.name.endswith("dense_out"):
            layer.set_weights([np.zeros(w.shape, dtype=np.float32) for w in layer.get_weights()])
    return ridge


def _segment_rows(value, forecastable, horizon):
    return max(horizon, round(value * forecastable)) if value < 1 else round(value)


def split_ends(rows, record, split):
    """Last input rows of the train and validation windows (the app's chronological split)."""
    lookback, horizon = record["window"]["lookback"], record["window"]["horizon"]
    stride = record["window"].get("stride", 1)
    first = record["warmupRows"] + lookback
    forecastable = rows - first
    test = _segment_rows(split["test"], forecastable, horizon)
    val = _segment_rows(split["val"], forecastable, horizon)
    train = forecastable - val - test
    if train < horizon or val < horizon:
        raise SystemExit(f"the data has {rows} rows: too few for lookback {lookback}, horizon {horizon} and this split; load more rows")
    val_start = first + train
    ranges = {"train": (first, val_start), "val": (val_start, val_start + val)}
    return {name: (start - 1, end - horizon - 1) for name, (start, end) in ranges.items()}, stride


def optimizer_of(train_spec):
    import keras

    spec = train_spec.get("optimizer", {"kind": "adam", "lr": 0.003})
    clip = train_spec.get("clip", {"kind": "none"})
    extra = {"global_clipnorm": clip["value"]} if clip["kind"] == "norm" else {"clipvalue": clip["value"]} if clip["kind"] == "value" else {}
    if spec["kind"] == "sgd":
        return keras.optimizers.SGD(learning_rate=spec["lr"], momentum=spec.get("momentum", 0), **extra)
    if spec["kind"] == "rmsprop":
        return keras.optimizers.RMSprop(learning_rate=spec["lr"], **extra)
    return keras.optimizers.Adam(learning_rate=spec["lr"], **extra)


def strategy_of(name):
    import tensorflow as tf

    if name == "multiworker":
        return tf.distribute.MultiWorkerMirroredStrategy()
    if name == "default":
        return tf.distribute.get_strategy()
    return tf.distribute.MirroredStrategy()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="CSV with the columns the model was trained on")
    parser.add_argument("--epochs", type=int, help="default: the run's epochs")
    parser.add_argument("--batch-size", type=int, help="global batch size; default: the run's")
    parser.add_argument("--strategy", choices=["mirrored", "multiworker", "default"], default="mirrored")
    parser.add_argument("--from-scratch", action="store_true", help="start from fresh weights instead of the exported ones")
    parser.add_argument("--out", default="trained.keras", help="where to save the trained model (.keras)")
    args = parser.parse_args()

    import keras
    import tensorflow as tf

    with open(os.path.join(HERE, "run-config.json"), encoding="utf-8") as f:
        config = json.load(f)
    record = pipeline.load_preprocessing(os.path.join(HERE, "preprocessing.json"))
    train_spec = config["train"]
    keras.utils.set_random_seed(train_spec.get("seed", 42))

    values, x = pipeline.read_table(args.data, record)
    values, _ = pipeline.repair_missing(values, x, record["missing"])
    scaled = pipeline.model_columns(values, record)
    ends, _ = split_ends(values.shape[1], record, record["split"])
    x_train, y_train = pipeline.windows(scaled, record, *ends["train"])
    x_val, y_val = pipeline.windows(scaled, record, *ends["val"])
    if not (np.isfinite(x_train).all() and np.isfinite(y_train).all()):
        raise SystemExit("some training windows hold values that cannot be transformed and scaled (log and Box-Cox need values above 0)")

    strategy = strategy_of(args.strategy)
    batch = args.batch_size or train_spec.get("batchSize", 64)
    epochs = args.epochs or train_spec.get("epochs", 30)
    print(f"{strategy.__class__.__name__} with {strategy.num_replicas_in_sync} replica(s); "
          f"{len(x_train)} training and {len(x_val)} validation windows; global batch {batch}", file=sys.stderr)
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    train_data = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(len(x_train), seed=train_spec.get("seed", 42)).batch(batch).with_options(options)
    val_data = tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(batch).with_options(options)

    lookback, horizon = record["window"]["lookback"], record["window"]["horizon"]
    with strategy.scope():
        model = build_model(config["model"], lookback, horizon, len(record["inputColumns"]), len(record["targets"]))
        exported_path = os.path.join(HERE, "model.keras")
        if not args.from_scratch and os.path.exists(exported_path):
            copy_weights(model, keras.saving.load_model(exported_path, compile=False))
        else:
            if not args.from_scratch:
                print("no model.keras next to train.py (an ONNX export): starting from fresh weights", file=sys.stderr)
            ridge = fit_shortcut(model, x_train, y_train, x_val, y_val) if config["model"].get("linearShortcut") else None
            if ridge is not None:
                print(f"linear shortcut: starting from the least-squares fit of the training windows (ridge {ridge} per window, chosen on validation)", file=sys.stderr)
        model.compile(optimizer=optimizer_of(train_spec), loss="mse")

    callbacks = []
    early = train_spec.get("earlyStopping")
    if early:
        callbacks.append(keras.callbacks.EarlyStopping(patience=early["patience"], min_delta=early.get("minDelta", 0), restore_best_weights=True))
    history = model.fit(train_data, validation_data=val_data, epochs=epochs, callbacks=callbacks, verbose=2)
    out = args.out
    task = json.loads(os.environ.get("TF_CONFIG") or "{}").get("task", {})
    if args.strategy == "multiworker" and task.get("index", 0) != 0:
        # Every worker must save (the save is collective); only the chief's file is the result.
        out = f"{os.path.splitext(args.out)[0]}.worker{task['index']}.keras"
    model.save(out)
    print(json.dumps({"epochs": len(history.history["loss"]), "loss": history.history["loss"][-1], "val_loss": history.history["val_loss"][-1], "out": out}))


if __name__ == "__main__":
    main()
`;
