#!/usr/bin/env python3
"""PyTorch side by side for the vecmlp benchmark report.

Runs the canonical models of the vecmlp performance protocol in PyTorch on this machine:
plain-SGD training steps (forward, loss, backward, update) at the protocol's batch sizes with
one intra-op thread and with every processor, single-sample prediction latency (p50/p99/p99.9)
and batch-128 prediction throughput. It writes its rows in JMH's JSON shape with
backend=pytorch, so the report generator merges them into the same tables as the JMH rows.

Where `import torch` fails it says so and exits 0: the report then notes that PyTorch was
skipped. Usage:

    python3 benchmarks/pytorch/bench_torch.py --profile quick --out torch-result.json

Timing: each row warms up, then runs several fixed-length measurement iterations; the row's
iteration rates become JMH's rawData, so the report takes their median like for JMH rows.
"""
import argparse
import json
import os
import sys
import tempfile
import time

MODELS = {
    # name: (layer widths, loss)
    "tiny": ([16, 32, 32, 1], "bce"),
    "mnist": ([784, 256, 128, 10], "ce"),
    "wide": ([2048, 2048, 2048, 10], "ce"),
}
BATCHES = {"tiny": [1, 32, 128], "mnist": [1, 32, 128], "wide": [1, 32, 512]}

PROFILES = {
    # The quick rows mirror the JMH quick profile's SGD and mnist inference rows.
    "quick": {
        "sgd": [(m, b, "1") for m in ("tiny", "mnist") for b in BATCHES[m]]
        + [("mnist", 128, "all"), ("wide", 32, "1")],
        "predict": ["mnist"],
        "warmup_s": 0.5, "iterations": 3, "iteration_s": 0.5,
    },
    "full": {
        "sgd": [(m, b, t) for m in MODELS for b in BATCHES[m] for t in ("1", "all")],
        "predict": list(MODELS),
        "warmup_s": 2.0, "iterations": 5, "iteration_s": 1.0,
    },
    "smoke": {
        "sgd": [("tiny", 1, "1")],
        "predict": ["tiny"],
        "warmup_s": 0.05, "iterations": 1, "iteration_s": 0.05,
    },
}

SGD = "dev.vecmlp.bench.train.SgdStepBenchmark.step"
LATENCY = "dev.vecmlp.bench.inference.PredictBenchmark.latency"
BATCH = "dev.vecmlp.bench.inference.PredictBenchmark.batch"
PREDICT_BATCH = 128
LATENCY_ROWS = 64


def percentile(sorted_values, p):
    """The p-th percentile (0..100) of an ascending list, by nearest rank, as JMH reports it."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * p // 100))  # ceil(n p / 100), at least 1
    return sorted_values[min(len(sorted_values), int(rank)) - 1]


def jmh_row(benchmark, mode, params, score, unit, raw=None, percentiles=None):
    """One result in the shape of JMH's JSON output (what the report generator reads)."""
    primary = {"score": score, "scoreError": "NaN", "scoreUnit": unit}
    if raw is not None:
        primary["rawData"] = [raw]
    if percentiles is not None:
        primary["scorePercentiles"] = percentiles
    return {"benchmark": benchmark, "mode": mode, "threads": 1, "forks": 1,
            "params": dict(sorted(params.items())), "primaryMetric": primary, "secondaryMetrics": {}}


def rate_iterations(step, warmup_s, iterations, iteration_s):
    """Calls step() for warmup_s, then `iterations` times for iteration_s; returns calls/s of each."""
    end = time.perf_counter() + warmup_s
    while time.perf_counter() < end:
        step()
    rates = []
    for _ in range(iterations):
        calls = 0
        start = time.perf_counter()
        end = start + iteration_s
        now = start
        while now < end:
            step()
            calls += 1
            now = time.perf_counter()
        rates.append(calls / (now - start))
    return rates


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default="quick")
    parser.add_argument("--out", required=True, help="where to write the rows (JMH JSON shape)")
    args = parser.parse_args()

    try:
        import torch
        from torch import nn
    except Exception as e:  # ImportError, or a broken install
        print(f"PyTorch not available ({type(e).__name__}: {e}): skipped")
        return 0

    profile = PROFILES[args.profile]
    cores = os.cpu_count() or 1
    torch.manual_seed(20261126)

    def build(name):
        widths, loss = MODELS[name]
        layers = []
        for i in range(len(widths) - 1):
            layers.append(nn.Linear(widths[i], widths[i + 1]))
            if i < len(widths) - 2:
                layers.append(nn.ReLU())
        model = nn.Sequential(*layers)
        loss_fn = nn.BCEWithLogitsLoss() if loss == "bce" else nn.CrossEntropyLoss()
        return model, loss_fn, widths, loss

    def set_threads(spec):
        torch.set_num_threads(cores if spec == "all" else int(spec))

    rows = []
    for name, batch, threads in profile["sgd"]:
        set_threads(threads)
        model, loss_fn, widths, loss = build(name)
        optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
        x = torch.rand(batch, widths[0]) * 2 - 1
        if loss == "bce":
            y = torch.randint(0, 2, (batch, widths[-1])).float()
        else:
            y = torch.randint(0, widths[-1], (batch,))
        initial = {k: v.clone() for k, v in model.state_dict().items()}

        def step():
            optimizer.zero_grad(set_to_none=True)
            loss_fn(model(x), y).backward()
            optimizer.step()

        rates = rate_iterations(step, profile["warmup_s"], profile["iterations"], profile["iteration_s"])
        model.load_state_dict(initial)
        rows.append(jmh_row(SGD, "thrpt", {"backend": "pytorch", "model": name, "batch": str(batch),
                                           "threads": threads}, sum(rates) / len(rates), "ops/s", raw=rates))
        print(f"sgd {name} batch {batch} threads {threads}: {batch * sorted(rates)[len(rates) // 2]:.0f} samples/s",
              flush=True)

    set_threads("1")
    for name in profile["predict"]:
        model, _, widths, _ = build(name)
        model.eval()
        inputs = torch.rand(max(LATENCY_ROWS, PREDICT_BATCH), widths[0]) * 2 - 1
        singles = [inputs[i:i + 1] for i in range(LATENCY_ROWS)]
        batch = inputs[:PREDICT_BATCH]
        with torch.inference_mode():
            samples_us = []
            end = time.perf_counter() + profile["warmup_s"]
            i = 0
            while time.perf_counter() < end:
                model(singles[i % LATENCY_ROWS])
                i += 1
            end = time.perf_counter() + profile["iterations"] * profile["iteration_s"]
            while True:
                t0 = time.perf_counter_ns()
                model(singles[i % LATENCY_ROWS])
                t1 = time.perf_counter_ns()
                samples_us.append((t1 - t0) / 1000.0)
                i += 1
                if time.perf_counter() >= end:
                    break
            samples_us.sort()
            pct = {key: percentile(samples_us, p) for key, p in
                   (("0.0", 0), ("50.0", 50), ("90.0", 90), ("99.0", 99), ("99.9", 99.9), ("100.0", 100))}
            pct["0.0"] = samples_us[0]
            rows.append(jmh_row(LATENCY, "sample", {"backend": "pytorch", "model": name, "threads": "1"},
                                sum(samples_us) / len(samples_us), "us/op", percentiles=pct))
            rates = rate_iterations(lambda: model(batch), profile["warmup_s"], profile["iterations"],
                                    profile["iteration_s"])
            rows.append(jmh_row(BATCH, "thrpt", {"backend": "pytorch", "model": name, "threads": "1"},
                                sum(rates) / len(rates), "ops/s", raw=rates))
        print(f"predict {name}: p50 {pct['50.0']:.1f} us, batch-128 {PREDICT_BATCH * sorted(rates)[len(rates) // 2]:.0f}"
              " samples/s", flush=True)

    out_dir = os.path.dirname(os.path.abspath(args.out))
    fd, tmp = tempfile.mkstemp(dir=out_dir, suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        json.dump(rows, f, indent=2)
    os.replace(tmp, args.out)  # whole file or nothing
    print(f"PyTorch {torch.__version__}: {len(rows)} rows ({args.profile} profile, {cores} processors,"
          f" {torch.get_num_threads()} thread(s) for prediction)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
