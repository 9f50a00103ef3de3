#!/usr/bin/env python3
"""Regenerates the ONNX fixtures that vecmlp's OnnxFixtureTest reads.

Each fixture is a small .onnx file plus a .txt file with recorded inputs and the exporter's
outputs on them (PyTorch's forward pass, or scikit-learn's predict/predict_proba), so the Java
test checks that vecmlp computes the same numbers from the imported graph. Every file is checked
with onnx.checker first. CI does not run this: the files are committed.

    /usr/bin/python3 tools/make_onnx_fixtures.py onnx/src/test/resources/onnx

The GELU/SiLU fixtures show what torch 1.13 writes for nn.GELU() and nn.SiLU() before opset 20
(no Gelu operator): Div(x, sqrt 2) -> Erf -> Add(1) -> Mul(x, .) -> Mul(0.5), and Sigmoid + Mul.

Needs PyTorch 1.13 and onnx 1.12 (Debian: apt-get install python3-torch python3-onnx) and, for
the scikit-learn fixtures, scikit-learn. skl2onnx is not packaged here, so the scikit-learn
graphs are built with onnx.helper exactly as skl2onnx's MLP converters lay them out (MatMul, Add
with a [1, out] intercept, activation, then Identity/ZipMap for probabilities and ArgMax ->
ArrayFeatureExtractor -> Reshape -> Cast for labels; Sub(1, p) + Concat for binary problems).

The .txt layout: lines "input <d0> <d1> ...", then the input values; "output <d0> <d1>", then
the output values; optionally "labels <n>" then the class labels predicted; floats as %.9g.
"""
import io
import sys
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper
from torch import nn


def write_record(path, x, y, labels=None):
    with open(path, "w") as f:
        f.write("input " + " ".join(str(d) for d in x.shape) + "\n")
        f.write(" ".join("%.9g" % v for v in x.astype(np.float32).ravel()) + "\n")
        f.write("output " + " ".join(str(d) for d in y.shape) + "\n")
        f.write(" ".join("%.9g" % v for v in y.astype(np.float32).ravel()) + "\n")
        if labels is not None:
            f.write("labels %d\n" % len(labels))
            f.write(" ".join(str(int(v)) for v in labels) + "\n")


def check_and_save(model, path):
    # onnx 1.12's strict shape inference cannot type ZipMap's seq(map) output: plain check there.
    has_map = any(n.op_type == "ZipMap" for n in model.graph.node)
    onnx.checker.check_model(model, full_check=not has_map)
    onnx.save(model, str(path))


def torch_fixture(out, name, net, x, opset, input_shape_names=("batch",)):
    net.eval()
    buf = io.BytesIO()
    with torch.no_grad():
        y = net(x)
        torch.onnx.export(net, x, buf, opset_version=opset, input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, do_constant_folding=True)
    model = onnx.load_from_string(buf.getvalue())
    check_and_save(model, out / (name + ".onnx"))
    write_record(out / (name + ".txt"), x.numpy(), y.numpy())
    print(name, [n.op_type for n in model.graph.node], "opset", opset)


class Standardize(nn.Module):
    """(x - mean) / std as PyTorch users write it at the front of a model."""

    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", mean)
        self.register_buffer("std", std)

    def forward(self, x):
        return (x - self.mean) / self.std


def randomize_batchnorm(bn, g):
    with torch.no_grad():
        bn.running_mean.copy_(torch.randn(bn.num_features, generator=g) * 0.5)
        bn.running_var.copy_(torch.rand(bn.num_features, generator=g) + 0.5)
        bn.weight.copy_(torch.rand(bn.num_features, generator=g) + 0.5)
        bn.bias.copy_(torch.randn(bn.num_features, generator=g) * 0.1)


def torch_fixtures(out):
    g = torch.Generator().manual_seed(1234)
    torch.manual_seed(1234)
    # 1. Gemm + ReLU + Dropout + Gemm + Softmax, opset 13.
    net = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Dropout(0.3), nn.Linear(8, 5), nn.Softmax(dim=1))
    torch_fixture(out, "torch_gemm_relu_softmax", net, torch.randn(7, 6, generator=g), 13)
    # 2. Flatten of [N, 1, 3, 4] + Tanh + Sigmoid output, opset 11.
    net = nn.Sequential(nn.Flatten(), nn.Linear(12, 7), nn.Tanh(), nn.Linear(7, 1), nn.Sigmoid())
    torch_fixture(out, "torch_flatten_tanh_sigmoid", net, torch.randn(5, 1, 3, 4, generator=g), 11)
    # 3. Standardisation at the front, BatchNorm after a Linear and after a ReLU, linear output, opset 14.
    mean = torch.randn(5, generator=g)
    std = torch.rand(5, generator=g) + 0.5
    bn1 = nn.BatchNorm1d(6)
    bn2 = nn.BatchNorm1d(6)
    randomize_batchnorm(bn1, g)
    randomize_batchnorm(bn2, g)
    net = nn.Sequential(Standardize(mean, std), nn.Linear(5, 6), bn1, nn.ReLU(), bn2, nn.Linear(6, 3))
    torch_fixture(out, "torch_standardize_batchnorm", net, torch.randn(9, 5, generator=g), 14)
    # 4. Deeper: three hidden layers, sigmoid and tanh, opset 17.
    net = nn.Sequential(nn.Linear(10, 16), nn.Sigmoid(), nn.Linear(16, 12), nn.Tanh(), nn.Linear(12, 8), nn.ReLU(),
                        nn.Linear(8, 4))
    torch_fixture(out, "torch_deep_linear_output", net, torch.randn(6, 10, generator=g), 17)


class MatMulAdd(nn.Module):
    """x @ W + b with W [in, out]: torch.onnx.export writes MatMul + Add (the form tf2onnx also writes)."""

    def __init__(self, n_in, n_out, g):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_in, n_out, generator=g) / n_in ** 0.5)
        self.bias = nn.Parameter(torch.randn(n_out, generator=g) * 0.1)

    def forward(self, x):
        return x @ self.weight + self.bias


def torch_activation_fixtures(out):
    """nn.GELU() and nn.SiLU(), which torch 1.13 writes before opset 20 as Div -> Erf -> Add -> Mul -> Mul and
    Sigmoid + Mul; in the Gemm form (nn.Linear) and the MatMul + Add form. Also nn.GELU(approximate='tanh'),
    which vecmlp refuses (its GELU is the exact form): that file is kept for the refusal test."""
    g = torch.Generator().manual_seed(4321)
    torch.manual_seed(4321)
    # 5. Gemm + GELU + Gemm + GELU + Gemm + Softmax, opset 13.
    net = nn.Sequential(nn.Linear(6, 10), nn.GELU(), nn.Linear(10, 7), nn.GELU(), nn.Linear(7, 4), nn.Softmax(dim=1))
    torch_fixture(out, "torch_gemm_gelu", net, torch.randn(8, 6, generator=g) * 2, 13)
    # 6. Gemm + SiLU + Gemm + SiLU output (regression), opset 17.
    net = nn.Sequential(nn.Linear(5, 9), nn.SiLU(), nn.Linear(9, 3), nn.SiLU())
    torch_fixture(out, "torch_gemm_silu", net, torch.randn(7, 5, generator=g) * 2, 17)
    # 7. MatMul + Add layers with GELU then SiLU, linear output, opset 14.
    net = nn.Sequential(MatMulAdd(4, 8, g), nn.GELU(), MatMulAdd(8, 6, g), nn.SiLU(), MatMulAdd(6, 2, g))
    torch_fixture(out, "torch_matmul_gelu_silu", net, torch.randn(9, 4, generator=g) * 2, 14)
    # Refused: GELU's tanh approximation.
    net = nn.Sequential(nn.Linear(3, 4), nn.GELU(approximate="tanh"), nn.Linear(4, 2))
    torch_fixture(out, "torch_gelu_tanh_refused", net, torch.randn(2, 3, generator=g), 13)


def keras_style_fixture(out):
    """tf2onnx's layout of a Keras Dense stack: MatMul(x, W[in, out]) + Add(b[out]) + activation, Softmax(axis=-1)."""
    rng = np.random.default_rng(99)
    w1 = rng.standard_normal((4, 6)).astype(np.float32)
    b1 = rng.standard_normal(6).astype(np.float32) * 0.1
    w2 = rng.standard_normal((6, 3)).astype(np.float32)
    b2 = rng.standard_normal(3).astype(np.float32) * 0.1
    nodes = [
        helper.make_node("MatMul", ["input_1", "dense/kernel"], ["dense/MatMul"], name="dense/MatMul"),
        helper.make_node("Add", ["dense/MatMul", "dense/bias"], ["dense/BiasAdd"], name="dense/BiasAdd"),
        helper.make_node("Relu", ["dense/BiasAdd"], ["dense/Relu"], name="dense/Relu"),
        helper.make_node("MatMul", ["dense/Relu", "dense_1/kernel"], ["dense_1/MatMul"], name="dense_1/MatMul"),
        helper.make_node("Add", ["dense_1/MatMul", "dense_1/bias"], ["dense_1/BiasAdd"], name="dense_1/BiasAdd"),
        helper.make_node("Softmax", ["dense_1/BiasAdd"], ["dense_1/Softmax"], name="dense_1/Softmax", axis=-1),
        helper.make_node("Identity", ["dense_1/Softmax"], ["dense_1"], name="Identity"),
    ]
    inits = [numpy_helper.from_array(w1, "dense/kernel"), numpy_helper.from_array(b1, "dense/bias"),
             numpy_helper.from_array(w2, "dense_1/kernel"), numpy_helper.from_array(b2, "dense_1/bias")]
    graph = helper.make_graph(nodes, "tf2onnx", [helper.make_tensor_value_info("input_1", TensorProto.FLOAT, ["unk__6", 4])],
                              [helper.make_tensor_value_info("dense_1", TensorProto.FLOAT, ["unk__7", 3])], inits)
    model = helper.make_model(graph, producer_name="tf2onnx", producer_version="1.9.3",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    x = rng.standard_normal((8, 4)).astype(np.float32)
    z = np.maximum(x @ w1 + b1, 0) @ w2 + b2
    e = np.exp(z - z.max(axis=1, keepdims=True))
    y = e / e.sum(axis=1, keepdims=True)
    check_and_save(model, out / "keras_matmul_add_softmax.onnx")
    write_record(out / "keras_matmul_add_softmax.txt", x, y)
    print("keras_matmul_add_softmax", [n.op_type for n in nodes])


def sklearn_layers(mlp, nodes, inits, input_name):
    """skl2onnx's _predict: per layer MatMul(coef), Add(intercept [1, out]), activation."""
    acts = {"relu": "Relu", "tanh": "Tanh", "logistic": "Sigmoid", "identity": "Identity"}
    current = input_name
    for i, (coef, intercept) in enumerate(zip(mlp.coefs_, mlp.intercepts_)):
        last = i == len(mlp.coefs_) - 1
        inits.append(numpy_helper.from_array(coef.astype(np.float32), "coefficient%d" % i))
        inits.append(numpy_helper.from_array(intercept.astype(np.float32).reshape(1, -1), "intercepts%d" % i))
        nodes.append(helper.make_node("MatMul", [current, "coefficient%d" % i], ["mul_result%d" % i], name="MatMul%d" % i))
        nodes.append(helper.make_node("Add", ["mul_result%d" % i, "intercepts%d" % i], ["add_result%d" % i], name="Add%d" % i))
        act = mlp.out_activation_ if last else mlp.activation
        if act == "softmax":
            nodes.append(helper.make_node("Softmax", ["add_result%d" % i], ["out_activations_result"], name="Softmax", axis=1))
            current = "out_activations_result"
        else:
            out_name = "out_activations_result" if last else "next_activations%d" % i
            nodes.append(helper.make_node(acts[act], ["add_result%d" % i], [out_name], name="Act%d" % i))
            current = out_name
    return current


def sklearn_classifier_graph(mlp, n_features, name):
    nodes, inits = [], []
    y_pred = sklearn_layers(mlp, nodes, inits, "input")
    classes = mlp.classes_.astype(np.int64)
    inits.append(numpy_helper.from_array(classes, "classes"))
    if len(classes) == 2:
        inits.append(helper.make_tensor("unity", TensorProto.FLOAT, [], [1.0]))
        nodes.append(helper.make_node("Sub", ["unity", y_pred], ["negative_class_proba"], name="Sub"))
        nodes.append(helper.make_node("Concat", ["negative_class_proba", y_pred], ["probabilities"], name="Concat", axis=1))
    else:
        nodes.append(helper.make_node("Identity", [y_pred], ["probabilities"], name="Identity"))
    nodes.append(helper.make_node("ArgMax", ["probabilities"], ["argmax_output"], name="ArgMax", axis=1))
    nodes.append(helper.make_node("ArrayFeatureExtractor", ["classes", "argmax_output"], ["array_feature_extractor_result"],
                                  name="ArrayFeatureExtractor", domain="ai.onnx.ml"))
    inits.append(numpy_helper.from_array(np.array([-1], dtype=np.int64), "shape_tensor"))
    nodes.append(helper.make_node("Reshape", ["array_feature_extractor_result", "shape_tensor"], ["reshaped_result"],
                                  name="Reshape"))
    nodes.append(helper.make_node("Cast", ["reshaped_result"], ["label"], name="Cast", to=TensorProto.INT64))
    nodes.append(helper.make_node("ZipMap", ["probabilities"], ["output_probability"], name="ZipMap",
                                  domain="ai.onnx.ml", classlabels_int64s=[int(c) for c in classes]))
    map_type = onnx.TypeProto()  # onnx 1.12's helper has no make_map_type_proto
    map_type.map_type.key_type = TensorProto.INT64
    map_type.map_type.value_type.CopyFrom(helper.make_tensor_type_proto(TensorProto.FLOAT, []))
    prob_type = helper.make_sequence_type_proto(map_type)
    graph = helper.make_graph(nodes, name, [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, n_features])],
                              [helper.make_tensor_value_info("label", TensorProto.INT64, [None]),
                               helper.make_value_info("output_probability", prob_type)], inits)
    model = helper.make_model(graph, producer_name="skl2onnx", producer_version="1.13",
                              opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 1)])
    model.ir_version = 8
    return model


def sklearn_fixtures(out):
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    rng = np.random.default_rng(5)
    x = rng.standard_normal((60, 4)).astype(np.float32)
    y3 = (x[:, 0] + x[:, 1] > 0).astype(int) + (x[:, 2] > 0.5).astype(int)
    clf = MLPClassifier(hidden_layer_sizes=(8,), activation="tanh", max_iter=300, random_state=0).fit(x, y3)
    xt = x[:6]
    model = sklearn_classifier_graph(clf, 4, "sklearn_mlp_classifier")
    check_and_save(model, out / "sklearn_mlp_classifier.onnx")
    write_record(out / "sklearn_mlp_classifier.txt", xt, clf.predict_proba(xt), clf.predict(xt))
    print("sklearn_mlp_classifier", [n.op_type for n in model.graph.node])

    y2 = (x[:, 0] * x[:, 3] > 0).astype(int)
    clf2 = MLPClassifier(hidden_layer_sizes=(6, 5), activation="relu", max_iter=300, random_state=1).fit(x, y2)
    model = sklearn_classifier_graph(clf2, 4, "sklearn_mlp_binary")
    check_and_save(model, out / "sklearn_mlp_binary.onnx")
    write_record(out / "sklearn_mlp_binary.txt", xt, clf2.predict_proba(xt), clf2.predict(xt))
    print("sklearn_mlp_binary", [n.op_type for n in model.graph.node])

    yr = x[:, 0] - 2 * x[:, 1] + 0.5 * x[:, 2] * x[:, 3]
    reg = MLPRegressor(hidden_layer_sizes=(7,), activation="logistic", max_iter=500, random_state=2).fit(x, yr)
    nodes, inits = [], []
    y_pred = sklearn_layers(reg, nodes, inits, "input")
    nodes.append(helper.make_node("Identity", [y_pred], ["variable"], name="Identity"))
    graph = helper.make_graph(nodes, "sklearn_mlp_regressor",
                              [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 4])],
                              [helper.make_tensor_value_info("variable", TensorProto.FLOAT, [None, 1])], inits)
    model = helper.make_model(graph, producer_name="skl2onnx", producer_version="1.13",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    check_and_save(model, out / "sklearn_mlp_regressor.onnx")
    write_record(out / "sklearn_mlp_regressor.txt", xt, reg.predict(xt).reshape(-1, 1))
    print("sklearn_mlp_regressor", [n.op_type for n in model.graph.node])


def typed_fields_fixture(out):
    """A Gemm graph whose weights are in float_data (not raw_data) and whose Gemm has transB=0, alpha and beta."""
    rng = np.random.default_rng(3)
    b = rng.standard_normal((3, 2)).astype(np.float32)
    c = rng.standard_normal(2).astype(np.float32)
    bt = helper.make_tensor("B", TensorProto.FLOAT, [3, 2], b.ravel().tolist(), raw=False)
    ct = helper.make_tensor("C", TensorProto.FLOAT, [2], c.tolist(), raw=False)
    nodes = [helper.make_node("Gemm", ["x", "B", "C"], ["z"], name="gemm", alpha=0.5, beta=2.0, transB=0),
             helper.make_node("Sigmoid", ["z"], ["y"], name="sigmoid")]
    graph = helper.make_graph(nodes, "typed", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 2])], [bt, ct])
    model = helper.make_model(graph, producer_name="hand", opset_imports=[helper.make_opsetid("", 9)])
    model.ir_version = 4
    x = rng.standard_normal((4, 3)).astype(np.float32)
    y = 1 / (1 + np.exp(-(0.5 * (x @ b) + 2.0 * c)))
    check_and_save(model, out / "typed_gemm_alpha_beta.onnx")
    write_record(out / "typed_gemm_alpha_beta.txt", x, y)
    print("typed_gemm_alpha_beta", [n.op_type for n in nodes])


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "onnx/src/test/resources/onnx")
    out.mkdir(parents=True, exist_ok=True)
    torch_fixtures(out)
    keras_style_fixture(out)
    sklearn_fixtures(out)
    typed_fields_fixture(out)
    torch_activation_fixtures(out)


if __name__ == "__main__":
    main()
