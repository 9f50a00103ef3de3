#!/usr/bin/env python3
"""Reads a vecmlp model file (docs/MODEL-FORMAT.md) with the Python standard library only.

Shows that the format is language-neutral: checks magic, version, length and CRC32C, decodes
the sections, and can run the network on inputs (plain Python floats, double precision).

    python3 tools/read_vmlp.py core/src/test/resources/dev/vecmlp/io/golden-v1.vmlp [x1,x2,...]
"""
import math
import struct
import sys

MAGIC = b"\x89VMLP\r\n\x1a"
ACTIVATIONS = ["linear", "relu", "sigmoid", "tanh", "softmax", "leaky_relu", "gelu"]
LOSSES = ["mse", "cross_entropy", "binary_cross_entropy"]


def _crc32c_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_TABLE = _crc32c_table()


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = _TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def read(path):
    data = open(path, "rb").read()
    if data[:8] != MAGIC:
        raise ValueError("not a vecmlp model file")
    version, flags, length = struct.unpack_from("<IIQ", data, 8)
    if version != 1:
        raise ValueError(f"format version {version}: this reader knows 1")
    if length != len(data):
        raise ValueError(f"expected {length} bytes, found {len(data)}")
    (stored,) = struct.unpack_from("<I", data, len(data) - 4)
    if crc32c(data[:-4]) != stored:
        raise ValueError("checksum mismatch")
    sections, pos = {}, 24
    while pos < len(data) - 4:
        tag = data[pos:pos + 4].decode("ascii")
        (n,) = struct.unpack_from("<Q", data, pos + 4)
        sections[tag] = data[pos + 12:pos + 12 + n]
        pos += 12 + n
    arch = sections["ARCH"]
    inputs, count = struct.unpack_from("<II", arch, 0)
    layers = [struct.unpack_from("<II", arch, 8 + 8 * i) for i in range(count)]
    (loss,) = struct.unpack_from("<I", arch, 8 + 8 * count)
    (p,) = struct.unpack_from("<Q", sections["PARM"], 0)
    params = struct.unpack_from(f"<{p}f", sections["PARM"], 8)
    model = {"inputs": inputs, "loss": LOSSES[loss], "layers": [], "scaling": None, "targets": None, "metadata": {}}
    off, fan_in = 0, inputs
    for width, act in layers:
        w = [params[off + o * fan_in: off + (o + 1) * fan_in] for o in range(width)]
        off += width * fan_in
        b = params[off: off + width]
        off += width
        model["layers"].append((ACTIVATIONS[act], w, b))
        fan_in = width
    if "SCAL" in sections:
        (width,) = struct.unpack_from("<I", sections["SCAL"], 0)
        model["scaling"] = (struct.unpack_from(f"<{width}f", sections["SCAL"], 4),
                            struct.unpack_from(f"<{width}f", sections["SCAL"], 4 + 4 * width))
    if "TSCL" in sections:
        (width,) = struct.unpack_from("<I", sections["TSCL"], 0)
        model["targets"] = (struct.unpack_from(f"<{width}f", sections["TSCL"], 4),
                            struct.unpack_from(f"<{width}f", sections["TSCL"], 4 + 4 * width))
    if "meta" in sections:
        m, (n,), q = sections["meta"], struct.unpack_from("<I", sections["meta"], 0), 4
        for _ in range(n):
            strings = []
            for _ in range(2):
                (k,) = struct.unpack_from("<I", m, q)
                strings.append(m[q + 4:q + 4 + k].decode("utf-8"))
                q += 4 + k
            model["metadata"][strings[0]] = strings[1]
    return model


def predict(model, x):
    if model["scaling"]:
        shift, scale = model["scaling"]
        x = [(v - s) * c for v, s, c in zip(x, shift, scale)]
    for act, w, b in model["layers"]:
        z = [sum(wi * xi for wi, xi in zip(row, x)) + bo for row, bo in zip(w, b)]
        if act == "relu":
            x = [max(0.0, v) for v in z]
        elif act == "tanh":
            x = [math.tanh(v) for v in z]
        elif act == "sigmoid":
            x = [1 / (1 + math.exp(-v)) for v in z]
        elif act == "softmax":
            m = max(z)
            e = [math.exp(v - m) for v in z]
            x = [v / sum(e) for v in e]
        else:
            x = z
    if model["targets"]:
        mean, std = model["targets"]
        x = [v * s + m for v, m, s in zip(x, mean, std)]
    return x


if __name__ == "__main__":
    model = read(sys.argv[1])
    print("inputs", model["inputs"], "layers", [(len(w), a) for a, w, _ in model["layers"]],
          "loss", model["loss"], "scaled", model["scaling"] is not None, "metadata", model["metadata"])
    if len(sys.argv) > 2:
        print(predict(model, [float(v) for v in sys.argv[2].split(",")]))
