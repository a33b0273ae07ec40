"""Shared by the anchors: the configs, the synthetic windows, the timing loops (same as bench.ts) and
the request loop bench.ts drives them with: one JSON request per stdin line, one JSON row per reply."""
import json
import sys
import time

import numpy as np

CONFIGS = {
    "reference": {"units": 64, "lookback": 48, "batch": 64},
    "large": {"units": 256, "lookback": 168, "batch": 128},
}
WARMUP_BATCHES = 2


def windows(count, lookback):
    """x[i, t] = sin((i + t) / 7), y[i] = sin((i + lookback) / 7): the windows bench.ts trains on."""
    i = np.arange(count, dtype=np.float32)[:, None]
    t = np.arange(lookback, dtype=np.float32)[None, :]
    x = np.sin((i + t) / 7).astype(np.float32)[:, :, None]
    y = np.sin((np.arange(count, dtype=np.float32) + lookback) / 7).astype(np.float32)[:, None]
    return x, y


def train_rate(step, batch, seconds, batches_per_epoch):
    """Samples per wall second and per CPU second of `step(batch_index)` over whole batches after the
    warm-up, for at least `seconds`."""
    for b in range(WARMUP_BATCHES):
        step(b % batches_per_epoch)
    timed, start, cpu_start = 0, time.perf_counter(), time.process_time()
    while timed < 3 or time.perf_counter() - start < seconds:
        step((WARMUP_BATCHES + timed) % batches_per_epoch)
        timed += 1
    return timed * batch / (time.perf_counter() - start), timed * batch / (time.process_time() - cpu_start)


def time_loop(seconds, min_rounds, body):
    """(rounds, seconds, median wall ms, median CPU ms) of `body` repeated for at least `seconds`."""
    wall, cpu, start = [], [], time.perf_counter()
    while len(wall) < min_rounds or time.perf_counter() - start < seconds:
        r0, c0 = time.perf_counter(), time.process_time()
        body()
        wall.append((time.perf_counter() - r0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return len(wall), time.perf_counter() - start, sorted(wall)[len(wall) // 2], sorted(cpu)[len(cpu) // 2]


def row(system, backend, cell, config, train, inference, latency, latency_cpu):
    """`train` is train_rate's (per wall second, per CPU second)."""
    return {
        "system": system, "backend": backend, "cell": cell, "config": config,
        "trainSamplesPerSecond": train[0], "trainSamplesPerCpuSecond": train[1], "inferenceSamplesPerSecond": inference,
        "latencyMs": latency, "latencyCpuMs": latency_cpu,
    }


def serve(bench):
    """Answers bench.ts: {"cell", "config", "seconds"} per line → one row (or {"error"}) per line."""
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            reply = bench(request["cell"], request["config"], float(request["seconds"]))
        except Exception as err:  # noqa: BLE001 - reported to bench.ts, which prints it
            reply = {"error": f"{type(err).__name__}: {err}"}
        print(json.dumps(reply), flush=True)
