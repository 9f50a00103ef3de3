package dev.vecmlp.onnx;

import dev.vecmlp.data.InputScaling;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Dense;
import dev.vecmlp.model.Mlp;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the ONNX graph of a vecmlp model: {@code Sub}/{@code Mul} for the input scaling
 * ({@code (x - shift) * scale}), then per layer a {@code Gemm} with {@code transB = 1} (vecmlp's
 * {@code out x in} weights as they are) and the activation node ({@code Relu}, {@code Sigmoid},
 * {@code Tanh}, {@code Softmax} on axis -1, {@code LeakyRelu}/{@code Elu} with alpha, {@code Softplus};
 * exact GELU as {@code Div -> Erf -> Add -> Mul -> Mul} and SiLU as {@code Mul(z, Sigmoid(z))},
 * since opset 13 has no single operator for them; none for linear). IR version 8, default-domain
 * opset 13, a symbolic batch dimension {@code N}, weights as raw little-endian float32, and the
 * loss and activations in {@code metadata_props} so an import gives back the same model.
 */
final class OnnxWriter {
    static final long IR_VERSION = 8;
    static final long OPSET = 13;

    static final String META_FORMAT = "vecmlp.onnx_format";
    static final String META_LOSS = "vecmlp.loss";
    static final String META_ACTIVATIONS = "vecmlp.activations";

    private static final String GELU_SQRT2 = "gelu.sqrt2";
    private static final String GELU_ONE = "gelu.one";
    private static final String GELU_HALF = "gelu.half";

    private OnnxWriter() {
    }

    static byte[] toBytes(Mlp model, Map<String, String> metadata, String inputName, String outputName) {
        Model m = new Model();
        m.irVersion = IR_VERSION;
        m.producerName = "vecmlp";
        m.producerVersion = version();
        m.modelVersion = 1;
        m.docString = "vecmlp MLP " + describe(model);
        m.opsetImports.add(new OpsetId("", OPSET));
        Graph g = new Graph();
        g.name = "vecmlp_mlp";
        m.graph = g;

        ValueInfo in = new ValueInfo();
        in.name = inputName;
        in.elemType = OnnxProto.FLOAT;
        in.shape = List.of(new Dim(-1, "N"), new Dim(model.inputWidth(), ""));
        g.inputs.add(in);

        String current = inputName;
        InputScaling scaling = model.inputScaling();
        if (scaling != null) {
            g.initializers.add(floats("input_scaling.shift", scaling.shift(), scaling.width()));
            g.initializers.add(floats("input_scaling.scale", scaling.scale(), scaling.width()));
            current = node(g, "Sub", "input_shift", "input_shifted", current, "input_scaling.shift");
            current = node(g, "Mul", "input_scale", "input_scaled", current, "input_scaling.scale");
        }
        for (Dense d : model.layers()) {
            int l = d.index();
            String prefix = "layer" + l;
            g.initializers.add(floats(prefix + ".weight", model.weights(l), d.outputs(), d.inputs()));
            g.initializers.add(floats(prefix + ".bias", model.bias(l), d.outputs()));
            boolean last = l == model.layerCount() - 1;
            boolean linear = d.activation() == Activation.LINEAR;
            String z = last && linear ? outputName : prefix + ".z";
            Node gemm = nodeOf(g, "Gemm", prefix, z, current, prefix + ".weight", prefix + ".bias");
            gemm.attributes.add(intAttribute("transB", 1));
            current = z;
            if (!linear) {
                String a = last ? outputName : prefix + ".a";
                if (d.activation() == Activation.GELU) {
                    current = gelu(g, prefix, current, a);
                    continue;
                }
                if (d.activation() == Activation.SILU) {
                    Node sigmoid = nodeOf(g, "Sigmoid", prefix + "_silu_sigmoid", prefix + ".sigmoid", current);
                    current = node(g, "Mul", prefix + "_silu", a, current, sigmoid.outputs.get(0));
                    continue;
                }
                Node act = nodeOf(g, opType(d.activation()), prefix + "_" + d.activation().name().toLowerCase(Locale.ROOT),
                        a, current);
                if (d.activation() == Activation.SOFTMAX) {
                    act.attributes.add(intAttribute("axis", -1));
                } else if (d.activation() == Activation.LEAKY_RELU || d.activation() == Activation.ELU) {
                    act.attributes.add(floatAttribute("alpha", d.activationParameter()));
                }
                current = a;
            }
        }
        ValueInfo out = new ValueInfo();
        out.name = outputName;
        out.elemType = OnnxProto.FLOAT;
        out.shape = List.of(new Dim(-1, "N"), new Dim(model.outputWidth(), ""));
        g.outputs.add(out);

        m.metadata.add(new String[]{META_FORMAT, "1"});
        m.metadata.add(new String[]{META_LOSS, model.loss().name()});
        StringBuilder acts = new StringBuilder();
        for (Dense d : model.layers()) {
            acts.append(acts.length() == 0 ? "" : ",").append(d.activation().name());
        }
        m.metadata.add(new String[]{META_ACTIVATIONS, acts.toString()});
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (!e.getKey().equals(META_FORMAT) && !e.getKey().equals(META_LOSS) && !e.getKey().equals(META_ACTIVATIONS)) {
                m.metadata.add(new String[]{e.getKey(), e.getValue()});
            }
        }
        return OnnxProto.write(m);
    }

    /**
     * Exact GELU as opset 13 writes it (the layout of {@code torch.onnx.export} of {@code nn.GELU()}):
     * {@code Div(z, sqrt 2) -> Erf -> Add(., 1) -> Mul(z, .) -> Mul(., 0.5)}, with the three scalar
     * constants shared by every GELU layer.
     */
    private static String gelu(Graph g, String prefix, String z, String output) {
        if (!hasInitializer(g, GELU_SQRT2)) {
            g.initializers.add(floats(GELU_SQRT2, new float[]{(float) Math.sqrt(2)}));
            g.initializers.add(floats(GELU_ONE, new float[]{1f}));
            g.initializers.add(floats(GELU_HALF, new float[]{0.5f}));
        }
        String scaled = node(g, "Div", prefix + "_gelu_div", prefix + ".gelu_div", z, GELU_SQRT2);
        String erf = node(g, "Erf", prefix + "_gelu_erf", prefix + ".gelu_erf", scaled);
        String onePlus = node(g, "Add", prefix + "_gelu_add", prefix + ".gelu_add", erf, GELU_ONE);
        String product = node(g, "Mul", prefix + "_gelu_mul", prefix + ".gelu_mul", z, onePlus);
        return node(g, "Mul", prefix + "_gelu_half", output, product, GELU_HALF);
    }

    private static boolean hasInitializer(Graph g, String name) {
        for (Tensor t : g.initializers) {
            if (t.name.equals(name)) {
                return true;
            }
        }
        return false;
    }

    static String opType(Activation a) {
        switch (a) {
            case RELU: return "Relu";
            case SIGMOID: return "Sigmoid";
            case TANH: return "Tanh";
            case SOFTMAX: return "Softmax";
            case LEAKY_RELU: return "LeakyRelu";
            case ELU: return "Elu";
            case SOFTPLUS: return "Softplus";
            default: throw new InvalidConfigurationException("ONNX export of a " + a + " layer: expected one of"
                    + " RELU, LEAKY_RELU, ELU, SOFTPLUS, SIGMOID, TANH, SOFTMAX (one operator each), found " + a);
        }
    }

    private static String describe(Mlp model) {
        StringBuilder sb = new StringBuilder().append(model.inputWidth());
        for (Dense d : model.layers()) {
            sb.append('-').append(d.outputs()).append(':').append(d.activation().name().toLowerCase(Locale.ROOT));
        }
        return sb.append(", loss ").append(model.loss()).toString();
    }

    private static String version() {
        String v = OnnxWriter.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0";
    }

    private static String node(Graph g, String op, String name, String output, String... inputs) {
        nodeOf(g, op, name, output, inputs);
        return output;
    }

    private static Node nodeOf(Graph g, String op, String name, String output, String... inputs) {
        Node n = new Node();
        n.opType = op;
        n.name = name;
        n.outputs.add(output);
        n.inputs.addAll(List.of(inputs));
        g.nodes.add(n);
        return n;
    }

    private static Attribute floatAttribute(String name, float value) {
        Attribute a = new Attribute();
        a.name = name;
        a.type = OnnxProto.ATTR_FLOAT;
        a.f = value;
        return a;
    }

    private static Attribute intAttribute(String name, long value) {
        Attribute a = new Attribute();
        a.name = name;
        a.type = OnnxProto.ATTR_INT;
        a.i = value;
        return a;
    }

    /** A float32 initializer with raw little-endian data. */
    static Tensor floats(String name, float[] values, long... dims) {
        Tensor t = new Tensor();
        t.name = name;
        t.dataType = OnnxProto.FLOAT;
        for (long d : dims) {
            t.dims.add(d);
        }
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        t.rawData = buf.array();
        return t;
    }
}
