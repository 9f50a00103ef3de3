#!/usr/bin/env python3
"""Fashion-MNIST with PyTorch, the same recipe as `./vecmlp demo --epochs 10 --threads 1`.

784-256-128-10 ReLU, softmax + cross-entropy, plain SGD lr 0.1, batch 64, shuffled every
epoch, one intra-op thread. Prints each epoch's wall time (training only, then the test-set
evaluation separately) and the final test accuracy, so the two can be compared on the same
machine in the same session.

Usage: python3 benchmarks/pytorch/fashion_mnist_torch.py [EPOCHS] [DATA_DIR]
Needs torch (Debian: python3-torch) and numpy; without torch it says so and exits 0.
"""
import gzip
import struct
import sys
import time

try:
    import numpy as np
    import torch
except ImportError as e:  # pragma: no cover
    print(f"PyTorch comparison skipped: {e}")
    sys.exit(0)


def read_idx(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    zero, dtype, dims = struct.unpack(">HBB", data[:4])
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    root = sys.argv[2] if len(sys.argv) > 2 else "/usr/share/datasets/fashion-mnist"
    torch.set_num_threads(1)
    torch.manual_seed(42)
    x = torch.tensor(read_idx(f"{root}/train-images-idx3-ubyte.gz").reshape(-1, 784), dtype=torch.float32) / 255
    y = torch.tensor(read_idx(f"{root}/train-labels-idx1-ubyte.gz").astype(np.int64))
    xt = torch.tensor(read_idx(f"{root}/t10k-images-idx3-ubyte.gz").reshape(-1, 784), dtype=torch.float32) / 255
    yt = torch.tensor(read_idx(f"{root}/t10k-labels-idx1-ubyte.gz").astype(np.int64))
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(),
                                torch.nn.Linear(256, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = torch.nn.CrossEntropyLoss()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)")
    times = []
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        order = torch.randperm(x.shape[0])
        for i in range(0, x.shape[0], 64):
            idx = order[i:i + 64]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        train_s = time.perf_counter() - start
        with torch.no_grad():
            acc = (model(xt).argmax(1) == yt).float().mean().item()
        total_s = time.perf_counter() - start
        times.append(total_s)
        print(f"epoch {epoch:2d}/{epochs}  train {train_s:.2f} s, with test evaluation {total_s:.2f} s  test acc {acc * 100:.2f}%")
    times.sort()
    print(f"median epoch time (with test evaluation) {times[len(times) // 2]:.2f} s; final test accuracy {acc * 100:.2f}%")


if __name__ == "__main__":
    main()
