"""PyTorch CPU: the same models, data, optimizer (Adam, clip norm 1) and timings as bench.ts."""
import os

import torch
from torch import nn

from common import CONFIGS, row, serve, time_loop, train_rate, windows

LAYERS = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}


class Forecaster(nn.Module):
    def __init__(self, cell, units):
        super().__init__()
        self.rnn = LAYERS[cell](1, units, batch_first=True)
        self.head = nn.Linear(units, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1])


def bench(cell, config_name, seconds):
    c = CONFIGS[config_name]
    model = Forecaster(cell, c["units"])
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, y = windows(8 * c["batch"], c["lookback"])
    x, y = torch.from_numpy(x), torch.from_numpy(y)
    batches = [(x[i:i + c["batch"]], y[i:i + c["batch"]]) for i in range(0, len(x), c["batch"])]

    def step(b):
        xb, yb = batches[b]
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(xb), yb)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        loss.item()

    train = train_rate(step, c["batch"], seconds, len(batches))
    xb, x1 = batches[0][0], x[:1]
    with torch.inference_mode():
        model(xb)
        rounds, elapsed, _, _ = time_loop(seconds / 2, 3, lambda: model(xb).numpy())
        _, _, latency, latency_cpu = time_loop(seconds / 4, 10, lambda: model(x1).numpy())
    backend = f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)"
    return row("pytorch", backend, cell, config_name, train, rounds * c["batch"] / elapsed, latency, latency_cpu)


def threads():
    """All cores on an idle machine; one on a loaded one, where torch's OpenMP workers spin against the
    other processes and run many times slower (measured here: 477 vs 2395 LSTM samples/s)."""
    if os.environ.get("RNN_STUDIO_BENCH_TORCH_THREADS"):
        return int(os.environ["RNN_STUDIO_BENCH_TORCH_THREADS"])
    cores = os.cpu_count() or 1
    return 1 if os.getloadavg()[0] > cores else cores


if __name__ == "__main__":
    torch.set_num_threads(threads())
    serve(bench)
