"""Shared by the anchors: the configs, the synthetic windows and the timing loops (same as bench.ts)."""
import argparse
import json
import math
import time

import numpy as np

CONFIGS = {
    "reference": {"units": 64, "lookback": 48, "batch": 64},
    "large": {"units": 256, "lookback": 168, "batch": 128},
}
WARMUP_BATCHES = 2


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cells", default="lstm,gru,rnn")
    parser.add_argument("--configs", default="reference,large")
    parser.add_argument("--seconds", type=float, default=4.0)
    args = parser.parse_args()
    return args.cells.split(","), args.configs.split(","), args.seconds


def windows(count, lookback):
    """x[i, t] = sin((i + t) / 7), y[i] = sin((i + lookback) / 7): the windows bench.ts trains on."""
    i = np.arange(count, dtype=np.float32)[:, None]
    t = np.arange(lookback, dtype=np.float32)[None, :]
    x = np.sin((i + t) / 7).astype(np.float32)[:, :, None]
    y = np.sin((np.arange(count, dtype=np.float32) + lookback) / 7).astype(np.float32)[:, None]
    return x, y


def train_rate(step, batch, seconds, batches_per_epoch):
    """Samples/s of `step(batch_index)` over whole batches after the warm-up, for at least `seconds`."""
    for b in range(WARMUP_BATCHES):
        step(b % batches_per_epoch)
    timed, start = 0, time.perf_counter()
    while timed < 3 or time.perf_counter() - start < seconds:
        step((WARMUP_BATCHES + timed) % batches_per_epoch)
        timed += 1
    return timed * batch / (time.perf_counter() - start)


def time_loop(seconds, min_rounds, body):
    rounds, start = [], time.perf_counter()
    while len(rounds) < min_rounds or time.perf_counter() - start < seconds:
        r0 = time.perf_counter()
        body()
        rounds.append((time.perf_counter() - r0) * 1000)
    return len(rounds), time.perf_counter() - start, sorted(rounds)[len(rounds) // 2]


def emit(system, backend, cell, config, train, inference, latency):
    print(json.dumps({
        "system": system, "backend": backend, "cell": cell, "config": config,
        "trainSamplesPerSecond": train, "inferenceSamplesPerSecond": inference, "latencyMs": latency,
    }), flush=True)


def finite(value):
    return value if math.isfinite(value) else None
