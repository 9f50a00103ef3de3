#!/usr/bin/env python3
"""Regenerates the PyTorch safetensors fixtures that vecmlp's SafeTensorsPyTorchFixtureTest reads.

Builds two small MLPs in PyTorch with fixed seeds, saves their state_dicts as safetensors and
records PyTorch's outputs on fixed inputs, so the Java test can check that vecmlp computes the
same numbers from the imported weights. CI does not run this: the outputs are committed.

    /usr/bin/python3 tools/make_safetensors_fixture.py core/src/test/resources/dev/vecmlp/io/pytorch

Needs PyTorch (Debian: apt-get install python3-torch). Uses the `safetensors` package when it
is installed and otherwise writes the (simple) safetensors layout itself with struct and json.
"""
import json
import struct
import sys
from pathlib import Path

import torch
from torch import nn

DTYPES = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8"), torch.float16: ("F16", "<f2")}


def save_safetensors(tensors, path, metadata):
    """state_dict -> safetensors: u64 LE header length, JSON header, then the tensors' bytes in order."""
    try:
        from safetensors.torch import save_file
        save_file(tensors, str(path), metadata=metadata)
        return "safetensors package"
    except ImportError:
        pass
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        dtype, np_type = DTYPES[t.dtype]
        data = t.detach().contiguous().cpu().numpy().astype(np_type).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)  # the data buffer starts 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    return "struct/json writer"


class Mlp(nn.Module):
    """6-8-5-3: ReLU, tanh, softmax; layers named fc1, fc2, fc3 as in most tutorials."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 8)
        self.fc2 = nn.Linear(8, 5)
        self.fc3 = nn.Linear(5, 3)

    def forward(self, x):
        return self.fc3(torch.tanh(self.fc2(torch.relu(self.fc1(x)))))


def rows(t):
    return [[float(v) for v in row] for row in t.tolist()]


def main(out_dir):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(20261126)

    # 1. fc1/fc2/fc3, float32, softmax head.
    mlp = Mlp().eval()
    x = torch.randn(7, 6) * 2
    with torch.no_grad():
        logits = mlp(x)
        probs = torch.softmax(logits, dim=1)
    how = save_safetensors(dict(mlp.state_dict()), out / "mlp_6_8_5_3.safetensors", {"format": "pt"})
    (out / "mlp_6_8_5_3.expected.json").write_text(json.dumps({
        "torch": torch.__version__,
        "layers": ["fc1", "fc2", "fc3"],
        "activations": ["relu", "tanh", "softmax"],
        "inputs": rows(x), "logits": rows(logits), "outputs": rows(probs)}, indent=1) + "\n")

    # 2. nn.Sequential (names 0.*, 2.*), float64, one sigmoid output.
    seq = nn.Sequential(nn.Linear(4, 7), nn.Tanh(), nn.Linear(7, 1)).double().eval()
    x2 = torch.randn(5, 4, dtype=torch.float64)
    with torch.no_grad():
        logits2 = seq(x2)
        probs2 = torch.sigmoid(logits2)
    save_safetensors(dict(seq.state_dict()), out / "seq_4_7_1_f64.safetensors", {"format": "pt"})
    (out / "seq_4_7_1_f64.expected.json").write_text(json.dumps({
        "torch": torch.__version__,
        "layers": ["0", "2"],
        "activations": ["tanh", "sigmoid"],
        "inputs": rows(x2), "logits": rows(logits2), "outputs": rows(probs2)}, indent=1) + "\n")
    print("wrote fixtures to", out, "with the", how, "using torch", torch.__version__)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "core/src/test/resources/dev/vecmlp/io/pytorch")
