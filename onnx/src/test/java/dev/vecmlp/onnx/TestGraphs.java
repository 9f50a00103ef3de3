package dev.vecmlp.onnx;

import dev.vecmlp.onnx.OnnxProto.Attribute;
import dev.vecmlp.onnx.OnnxProto.Dim;
import dev.vecmlp.onnx.OnnxProto.Graph;
import dev.vecmlp.onnx.OnnxProto.Model;
import dev.vecmlp.onnx.OnnxProto.Node;
import dev.vecmlp.onnx.OnnxProto.OpsetId;
import dev.vecmlp.onnx.OnnxProto.Tensor;
import dev.vecmlp.onnx.OnnxProto.ValueInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds small ONNX graphs by hand for the refusal, conversion and fuzz tests. */
final class TestGraphs {
    final Model model = new Model();
    final Graph graph = new Graph();

    TestGraphs(long opset) {
        model.irVersion = 8;
        model.producerName = "test";
        model.opsetImports.add(new OpsetId("", opset));
        model.graph = graph;
        graph.name = "test";
    }

    /** A float32 input {@code [N, dims...]} (no dims: shape unknown). */
    TestGraphs input(String name, long... dims) {
        graph.inputs.add(value(name, OnnxProto.FLOAT, dims));
        return this;
    }

    /** A float32 input without a shape (rank unknown). */
    TestGraphs inputOfUnknownShape(String name) {
        ValueInfo v = value(name, OnnxProto.FLOAT);
        v.shape = null;
        graph.inputs.add(v);
        return this;
    }

    TestGraphs output(String name, long... dims) {
        graph.outputs.add(value(name, OnnxProto.FLOAT, dims));
        return this;
    }

    static ValueInfo value(String name, int type, long... dims) {
        ValueInfo v = new ValueInfo();
        v.name = name;
        v.elemType = type;
        v.tensorType = true;
        List<Dim> shape = new ArrayList<>();
        shape.add(new Dim(-1, "N"));
        for (long d : dims) {
            shape.add(new Dim(d, ""));
        }
        v.shape = shape;
        return v;
    }

    TestGraphs floats(String name, float[] values, long... dims) {
        graph.initializers.add(OnnxWriter.floats(name, values, dims));
        return this;
    }

    /** An initializer of any data type from raw little-endian bytes. */
    TestGraphs raw(String name, int dataType, byte[] raw, long... dims) {
        Tensor t = new Tensor();
        t.name = name;
        t.dataType = dataType;
        t.rawData = raw;
        for (long d : dims) {
            t.dims.add(d);
        }
        graph.initializers.add(t);
        return this;
    }

    TestGraphs longs(String name, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return raw(name, OnnxProto.INT64, b.array(), values.length);
    }

    /** Adds a node; attributes as name/value pairs (Long, Float or String values). */
    Node node(String op, String[] inputs, String output, Object... attributes) {
        Node n = new Node();
        n.opType = op;
        n.name = op.toLowerCase() + graph.nodes.size();
        n.inputs.addAll(List.of(inputs));
        n.outputs.add(output);
        for (int k = 0; k < attributes.length; k += 2) {
            Attribute a = new Attribute();
            a.name = (String) attributes[k];
            if (attributes[k + 1] instanceof Float) {
                a.type = OnnxProto.ATTR_FLOAT;
                a.f = (Float) attributes[k + 1];
            } else if (attributes[k + 1] instanceof String) {
                a.type = OnnxProto.ATTR_STRING;
                a.s = ((String) attributes[k + 1]).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            } else {
                a.type = OnnxProto.ATTR_INT;
                a.i = ((Number) attributes[k + 1]).longValue();
            }
            n.attributes.add(a);
        }
        graph.nodes.add(n);
        return n;
    }

    TestGraphs add(String op, String output, String... inputs) {
        node(op, inputs, output);
        return this;
    }

    /** A Gemm layer {@code in -> out} with weights [out, in] (transB=1) named {@code prefix.w}, {@code prefix.b}. */
    TestGraphs gemm(String prefix, String input, String output, int in, int out) {
        float[] w = new float[in * out];
        float[] b = new float[out];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) Math.sin(k + 1 + prefix.hashCode() % 7) * 0.5f;
        }
        for (int k = 0; k < b.length; k++) {
            b[k] = 0.1f * k;
        }
        floats(prefix + ".w", w, out, in);
        floats(prefix + ".b", b, out);
        node("Gemm", new String[]{input, prefix + ".w", prefix + ".b"}, output, "transB", 1L);
        return this;
    }

    byte[] bytes() {
        return OnnxProto.write(model);
    }
}
