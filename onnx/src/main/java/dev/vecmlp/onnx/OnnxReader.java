package dev.vecmlp.onnx;

import dev.vecmlp.data.InputScaling;
import dev.vecmlp.io.ModelFormatException;
import dev.vecmlp.io.ModelFormatException.Reason;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.onnx.OnnxProto.Attribute;
import dev.vecmlp.onnx.OnnxProto.Graph;
import dev.vecmlp.onnx.OnnxProto.Model;
import dev.vecmlp.onnx.OnnxProto.Node;
import dev.vecmlp.onnx.OnnxProto.OpsetId;
import dev.vecmlp.onnx.OnnxProto.Tensor;
import dev.vecmlp.onnx.OnnxProto.ValueInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed ONNX graph into a vecmlp {@link Mlp}, by walking the single chain of nodes
 * from the graph's one data input:
 * <ol>
 * <li>at the front, {@code Flatten}/{@code Reshape} to {@code [N, F]}, {@code Cast} to float,
 *     {@code Identity}/{@code Dropout}, and {@code Sub}/{@code Add}/{@code Mul}/{@code Div} or
 *     {@code BatchNormalization} with constants, folded into the model's {@link InputScaling};</li>
 * <li>per layer a {@code Gemm} (any {@code transB}, {@code alpha}, {@code beta}, optional
 *     {@code C}) or a {@code MatMul}, then any constant {@code Add}/{@code Sub}/{@code Mul}/{@code Div}
 *     and {@code BatchNormalization} folded into its weights and bias, then at most one activation
 *     ({@code Relu}, {@code Sigmoid}, {@code Tanh}, {@code Softmax} on the last axis, ..., and the
 *     multi-node GELU and SiLU patterns of {@link ActivationPatterns}); constant
 *     affine nodes or a batch normalisation after the activation are folded into the next layer;</li>
 * <li>after the last layer, the post-processing of classifiers (scikit-learn's
 *     {@code ArgMax} -> {@code ArrayFeatureExtractor} -> {@code Cast}/{@code Reshape} label
 *     output, {@code ZipMap}, and the binary {@code Sub(1, p)} + {@code Concat} pair, which becomes a
 *     two-class softmax) is checked and recorded: the label is the predictor's class output.</li>
 * </ol>
 * Every other node, a branch in the chain, or a shape that does not fit is refused with a
 * {@link ModelFormatException} naming the node, its op type, the opset and what is supported.
 */
final class OnnxReader {
    static final long MIN_IR = 3;
    static final long MAX_IR = 11;
    static final long MIN_OPSET = 7;
    static final long MAX_OPSET = 22;
    static final String SUPPORTED = "supported: Gemm, MatMul, BatchNormalization, Relu, LeakyRelu, Elu, Softplus,"
            + " Gelu (exact, or x * 0.5 * (1 + Erf(x / sqrt 2))), SiLU as x * Sigmoid(x), Sigmoid, Tanh, Softmax,"
            + " Identity, Dropout, Flatten, Reshape, Cast to float, Constant, Add/Sub/Mul/Div with a constant;"
            + " after the last layer ArgMax, ArrayFeatureExtractor, ZipMap, Cast, Reshape, Identity,"
            + " Sub(1, p) + Concat";

    private static final String ML_DOMAIN = "ai.onnx.ml";

    private final String source;
    private final Model model;
    private final Graph graph;
    private long opset;
    final Map<String, Tensor> constants = new HashMap<>();
    final Map<String, List<Node>> consumers = new HashMap<>();
    final Set<Node> used = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Conversion notes, at most {@link #MAX_NOTES} (a forged chain of nodes must not grow them without bound). */
    private final List<String> notes = new ArrayList<>();
    private int droppedNotes;
    static final int MAX_NOTES = 64;
    /** Each tensor decoded once: a constant shared by many nodes is not decoded again for each. */
    private final Map<Tensor, float[]> decoded = new IdentityHashMap<>();
    private final Map<Tensor, String> labelsOf = new IdentityHashMap<>();
    /** Tensors already read as a layer's weights: layers never share them (each would be a copy). */
    private final Set<Tensor> weightTensors = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** Feature dimensions of the current value (batch excluded); -1 where unknown. */
    private long[] featureDims;

    /** Elementwise constant nodes before the first layer, folded into the input scaling there. */
    private final List<FrontOp> pendingFront = new ArrayList<>();
    /** The folded input scaling {@code x' = (x - shift) * scale}; null when the graph has none. */
    private float[] scalingShift;
    private float[] scalingScale;

    /** An affine map {@code y = x * mul + add} met after an activation, folded into the next layer. */
    private double[] carryMul;
    private double[] carryAdd;
    private Node carryNode;

    private final List<Layer> layers = new ArrayList<>();
    /** The last layer while constants and its activation may still fold into it. */
    private Layer open;

    private OnnxReader(String source, Model model) {
        this.source = source;
        this.model = model;
        this.graph = model.graph;
    }

    static OnnxImport read(byte[] bytes, String source) throws ModelFormatException {
        Model m = OnnxProto.parseModel(bytes, source);
        return new OnnxReader(source, m).interpret();
    }

    /** A dense layer being assembled: weights {@code out x in}, row-major. */
    private static final class Layer {
        final int in;
        final int out;
        final float[] w;
        final float[] b;
        final Node origin;
        Activation activation;
        /** The activation's parameter (LeakyRelu's alpha, Elu's alpha); NaN: the activation's default. */
        float activationParameter = Float.NaN;
        boolean exact = true;

        Layer(int in, int out, float[] w, float[] b, Node origin) {
            this.in = in;
            this.out = out;
            this.w = w;
            this.b = b;
            this.origin = origin;
        }
    }

    /** One elementwise constant operation seen before the first layer, applied once the width is known. */
    private static final class FrontOp {
        final String op;
        final float[] k;
        final boolean constantFirst;
        final Node node;

        FrontOp(String op, float[] k, boolean constantFirst, Node node) {
            this.op = op;
            this.k = k;
            this.constantFirst = constantFirst;
            this.node = node;
        }
    }

    // ------------------------------------------------------------------ top level

    private OnnxImport interpret() throws ModelFormatException {
        checkVersions();
        if (graph == null) {
            throw new ModelFormatException(Reason.NOT_A_MODEL_FILE, source + ": the ONNX ModelProto has no graph"
                    + " (is this an ONNX model file?)");
        }
        if (graph.sparseInitializers > 0) {
            throw new ModelFormatException(Reason.UNSUPPORTED_DTYPE, source + ": graph '" + graph.name + "' has "
                    + graph.sparseInitializers + " sparse initializers; only dense initializers are read");
        }
        for (Tensor t : graph.initializers) {
            constants.put(t.name, t);
        }
        Set<String> produced = new LinkedHashSet<>();
        for (Node n : graph.nodes) {
            checkDomain(n);
            for (String o : n.outputs) {
                if (!o.isEmpty() && (!produced.add(o) || constants.containsKey(o))) {
                    throw new ModelFormatException(Reason.MALFORMED, source + ": " + n.describe() + " writes value '" + o
                            + "', which another node or an initializer already defines");
                }
            }
            if (n.opType.equals("Constant") && n.domain.isEmpty()) {
                constantNode(n);
                continue;
            }
            for (String i : new LinkedHashSet<>(n.inputs)) {
                if (!i.isEmpty()) {
                    consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
                }
            }
        }
        ValueInfo input = dataInput();
        featureDims = inputFeatureDims(input);
        for (String[] kv : model.metadata) {
            metadata.put(kv[0], kv[1]);
        }
        metadata.put("onnx.producer", (model.producerName + " " + model.producerVersion).trim());
        metadata.put("onnx.ir_version", Long.toString(model.irVersion));
        metadata.put("onnx.opset", Long.toString(opset));
        metadata.put("onnx.input", input.name);

        String end = walk(input.name);
        if (layers.isEmpty()) {
            throw new ModelFormatException(Reason.MISSING_SECTION, source + ": no Gemm or MatMul with constant weights"
                    + " follows input '" + input.name + "'; " + SUPPORTED);
        }
        if (carryMul != null) {
            throw refuse(carryNode, "it comes after the last layer's activation, so it cannot be folded into weights");
        }
        postProcessing(end);
        Mlp mlp = build();
        if (droppedNotes > 0) {
            notes.add("... and " + droppedNotes + " more notes like these");
        }
        return new OnnxImport(mlp, metadata, notes);
    }

    private void checkVersions() throws ModelFormatException {
        if (model.irVersion < MIN_IR || model.irVersion > MAX_IR) {
            throw new ModelFormatException(Reason.UNSUPPORTED_VERSION, source + ": ONNX IR version " + model.irVersion
                    + "; this reader reads IR versions " + MIN_IR + " to " + MAX_IR);
        }
        boolean found = false;
        for (OpsetId o : model.opsetImports) {
            if (o.domain.isEmpty() || o.domain.equals("ai.onnx")) {
                found = true;
                opset = o.version;
            }
        }
        if (!found) {
            throw new ModelFormatException(Reason.UNSUPPORTED_VERSION, source + ": no opset_import for the default"
                    + " ONNX domain; this reader reads opsets " + MIN_OPSET + " to " + MAX_OPSET);
        }
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new ModelFormatException(Reason.UNSUPPORTED_VERSION, source + ": default-domain opset " + opset
                    + "; this reader reads opsets " + MIN_OPSET + " to " + MAX_OPSET);
        }
    }

    private void checkDomain(Node n) throws ModelFormatException {
        if (!n.domain.isEmpty() && !n.domain.equals("ai.onnx") && !n.domain.equals(ML_DOMAIN)) {
            throw refuse(n, "operators of domain '" + n.domain + "' are not read (only the default domain and "
                    + ML_DOMAIN + ")");
        }
    }

    private void constantNode(Node n) throws ModelFormatException {
        if (n.outputs.size() != 1 || n.attributes.size() != 1) {
            throw refuse(n, "a Constant needs one output and one value attribute");
        }
        Attribute a = n.attributes.get(0);
        Tensor t;
        switch (a.name) {
            case "value":
                if (a.t == null) {
                    throw refuse(n, "attribute 'value' holds no tensor");
                }
                t = a.t;
                break;
            case "value_float":
                t = new Tensor();
                t.dataType = OnnxProto.FLOAT;
                t.floatData.add(a.f);
                break;
            case "value_floats":
                t = new Tensor();
                t.dataType = OnnxProto.FLOAT;
                t.dims.add(a.floats.size());
                for (int k = 0; k < a.floats.size(); k++) {
                    t.floatData.add(a.floats.get(k));
                }
                break;
            case "value_int":
                t = new Tensor();
                t.dataType = OnnxProto.INT64;
                t.int64Data.add(a.i);
                break;
            case "value_ints":
                t = new Tensor();
                t.dataType = OnnxProto.INT64;
                t.dims.add(a.ints.size());
                for (int k = 0; k < a.ints.size(); k++) {
                    t.int64Data.add(a.ints.get(k));
                }
                break;
            default:
                throw refuse(n, "Constant attribute '" + a.name + "' is not read (value, value_float(s), value_int(s) are)");
        }
        t.name = n.outputs.get(0);
        constants.put(t.name, t);
        used.add(n);
    }

    private ValueInfo dataInput() throws ModelFormatException {
        List<ValueInfo> real = new ArrayList<>();
        for (ValueInfo v : graph.inputs) {
            if (!constants.containsKey(v.name)) {
                real.add(v);
            }
        }
        if (real.size() != 1) {
            List<String> names = new ArrayList<>();
            for (ValueInfo v : real) {
                names.add(v.name);
            }
            throw new ModelFormatException(Reason.BAD_SHAPE, source + ": graph '" + graph.name + "' has "
                    + real.size() + " data inputs " + names + "; a dense network has exactly one");
        }
        ValueInfo v = real.get(0);
        if (!v.tensorType || v.elemType != OnnxProto.FLOAT) {
            throw new ModelFormatException(Reason.UNSUPPORTED_DTYPE, source + ": input '" + v.name + "' is "
                    + typeName(v) + "; vecmlp predicts from float32 tensors [N, features] (export with a float32 input)");
        }
        return v;
    }

    private long[] inputFeatureDims(ValueInfo v) throws ModelFormatException {
        if (v.shape == null) {
            return new long[]{-1};
        }
        if (v.shape.size() < 2) {
            throw new ModelFormatException(Reason.BAD_SHAPE, source + ": input '" + v.name + "' has shape "
                    + v.shape + "; expected [N, features] (or [N, ...] followed by Flatten)");
        }
        long[] dims = new long[v.shape.size() - 1];
        for (int k = 1; k < v.shape.size(); k++) {
            dims[k - 1] = v.shape.get(k).value;
            if (dims[k - 1] == 0) {
                throw new ModelFormatException(Reason.BAD_SHAPE, source + ": input '" + v.name + "' has shape "
                        + v.shape + " with an empty dimension");
            }
        }
        return dims;
    }

    private static String typeName(ValueInfo v) {
        if (!v.tensorType) {
            return v.otherType.isEmpty() ? "not a tensor" : "a " + v.otherType;
        }
        return "a " + OnnxProto.dataTypeName(v.elemType) + " tensor";
    }

    // ------------------------------------------------------------------ the chain

    private String walk(String start) throws ModelFormatException {
        String current = start;
        while (true) {
            List<Node> next = consumers.getOrDefault(current, List.of());
            String patternEnd = next.size() > 1 ? ActivationPatterns.match(this, current, next) : null;
            if (patternEnd != null) {
                current = patternEnd;
                continue;
            }
            if (next.size() != 1 || isPostProcessing(next.get(0))) {
                for (Node n : next) {
                    if (n.opType.equals("Shape")) {
                        throw refuse(n, "it computes a shape at run time (torch: x.view(x.size(0), -1)); only a"
                                + " constant Reshape or Flatten is read (torch: use nn.Flatten)");
                    }
                    boolean after = isPostProcessing(n) || n.opType.equals("Identity") || n.opType.equals("Dropout")
                            || n.opType.equals("Cast");
                    if (next.size() > 1 && (!after || layers.isEmpty())) {
                        throw refuse(n, "value '" + current + "' feeds " + next.size() + " nodes " + describe(next)
                                + "; vecmlp imports a single chain of layers, without branches");
                    }
                }
                return current;
            }
            Node n = next.get(0);
            used.add(n);
            current = step(n, current);
        }
    }

    private static String describe(List<Node> nodes) {
        List<String> s = new ArrayList<>();
        for (Node n : nodes) {
            s.add(n.describe());
        }
        return s.toString();
    }

    /** Nodes that only make sense after the network: they end the chain. */
    private boolean isPostProcessing(Node n) {
        switch (n.opType) {
            case "ArgMax": case "ZipMap": case "ArrayFeatureExtractor": case "Concat":
                return true;
            case "Sub":
                return open != null && open.out == 1 && open.activation == Activation.SIGMOID
                        && n.inputs.size() == 2 && constants.containsKey(n.inputs.get(0))
                        && !constants.containsKey(n.inputs.get(1)) && isOne(constants.get(n.inputs.get(0)));
            default:
                return false;
        }
    }

    private boolean isOne(Tensor t) {
        try {
            float[] v = floats(t, "constant");
            return v.length == 1 && v[0] == 1f;
        } catch (ModelFormatException e) {
            return false;
        }
    }

    /** Applies one node of the chain to {@code current}; returns the value it produces. */
    private String step(Node n, String current) throws ModelFormatException {
        String out = singleOutput(n);
        switch (n.opType) {
            case "Identity":
                return out;
            case "Dropout":
                if (n.outputs.size() > 1 && !n.outputs.get(1).isEmpty()
                        && (consumers.containsKey(n.outputs.get(1)) || isGraphOutput(n.outputs.get(1)))) {
                    throw refuse(n, "its mask output '" + n.outputs.get(1) + "' is used; at inference Dropout is"
                            + " the identity and has no mask");
                }
                return n.outputs.get(0);
            case "Cast":
                if (attrInt(n, "to", -1) != OnnxProto.FLOAT) {
                    throw refuse(n, "Cast to " + OnnxProto.dataTypeName((int) attrInt(n, "to", -1))
                            + " inside the network; only casts to float32 are identities here");
                }
                return out;
            case "Flatten":
                flatten(n);
                return out;
            case "Reshape":
                reshape(n);
                return out;
            case "Gemm":
                gemm(n, current);
                return out;
            case "MatMul":
                matmul(n, current);
                return out;
            case "Add": case "Sub": case "Mul": case "Div":
                elementwise(n, current);
                return out;
            case "BatchNormalization":
                batchNorm(n, current);
                return out;
            case "Relu":
                activation(n, Activation.RELU);
                return out;
            case "Sigmoid":
                activation(n, Activation.SIGMOID);
                return out;
            case "Tanh":
                activation(n, Activation.TANH);
                return out;
            case "Softmax":
                softmax(n);
                return out;
            case "LeakyRelu":
                activation(n, Activation.LEAKY_RELU, attrFloat(n, "alpha", 0.01f));
                return out;
            case "Elu":
                activation(n, Activation.ELU, attrFloat(n, "alpha", 1.0f));
                return out;
            case "Softplus":
                activation(n, Activation.SOFTPLUS, Float.NaN);
                return out;
            case "Gelu": {
                Attribute approximate = n.attribute("approximate");
                String how = approximate == null ? "none" : new String(approximate.s, StandardCharsets.UTF_8);
                if (!how.equals("none")) {
                    throw refuse(n, "Gelu with approximate='" + how + "'; vecmlp's GELU is the exact erf form"
                            + " (approximate='none')");
                }
                activation(n, Activation.GELU, Float.NaN);
                return out;
            }
            case "Erf":
                throw refuse(n, "Erf is read only inside the exact GELU pattern x * 0.5 * (1 + Erf(x / sqrt 2)),"
                        + " where the layer's output x also feeds the final Mul (as torch.onnx.export writes nn.GELU()"
                        + " before opset 20)");
            case "Selu": case "Softsign":
            case "HardSigmoid": case "HardSwish": case "PRelu": case "LogSoftmax": case "Mish": case "ThresholdedRelu":
            case "Celu":
                throw refuse(n, "vecmlp has no " + n.opType + " activation (it has "
                        + Arrays.toString(Activation.values()) + ")");
            default:
                throw refuse(n, "this operator has no counterpart in a vecmlp MLP");
        }
    }

    String singleOutput(Node n) throws ModelFormatException {
        if (n.outputs.isEmpty() || n.outputs.get(0).isEmpty()) {
            throw refuse(n, "it has no output");
        }
        if (!n.opType.equals("Dropout") && !n.opType.equals("BatchNormalization")) {
            for (int k = 1; k < n.outputs.size(); k++) {
                if (!n.outputs.get(k).isEmpty()) {
                    throw refuse(n, "it has " + n.outputs.size() + " outputs; one is expected");
                }
            }
        }
        return n.outputs.get(0);
    }

    boolean isGraphOutput(String name) {
        for (ValueInfo v : graph.outputs) {
            if (v.name.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private int width() {
        return featureDims.length == 1 && featureDims[0] > 0 && featureDims[0] <= Integer.MAX_VALUE
                ? (int) featureDims[0] : -1;
    }

    private void flatten(Node n) throws ModelFormatException {
        long axis = attrInt(n, "axis", 1);
        int rank = featureDims.length + 1;
        if (axis < 0) {
            axis += rank;
        }
        if (axis != 1) {
            throw refuse(n, "Flatten axis " + attrInt(n, "axis", 1) + " of a rank-" + rank
                    + " value; only axis 1 (keep the batch dimension) gives [N, features]");
        }
        featureDims = new long[]{product(featureDims)};
    }

    private static long product(long[] dims) {
        long p = 1;
        for (long d : dims) {
            if (d < 0 || p > Integer.MAX_VALUE) {
                return -1;
            }
            p *= d;
        }
        return p > Integer.MAX_VALUE ? -1 : p;
    }

    private void reshape(Node n) throws ModelFormatException {
        if (n.inputs.size() < 2 || !constants.containsKey(n.inputs.get(1))) {
            throw refuse(n, "its target shape is computed at run time; only a constant shape [-1, F] or [0, -1]"
                    + " is read (torch: use nn.Flatten, not x.view(x.size(0), -1))");
        }
        Tensor shapeTensor = constants.get(n.inputs.get(1));
        if (shapeTensor.elementCount() != 2) {
            throw refuse(n, "Reshape to shape tensor '" + shapeTensor.name + "' of dims " + shapeTensor.shape()
                    + "; only [N, features] targets ([-1, F], [0, F], [0, -1]) are read");
        }
        long[] shape = longs(shapeTensor, n);
        long features = product(featureDims);
        boolean ok = shape.length == 2;
        if (ok && attrInt(n, "allowzero", 0) == 1 && (shape[0] == 0 || shape[1] == 0)) {
            ok = false;
        }
        long target = -1;
        if (ok) {
            if ((shape[0] == -1 || shape[0] == 0) && shape[1] > 0) {
                target = shape[1];
                ok = features < 0 || features == target;
            } else if (shape[0] == 0 && shape[1] == -1) {
                target = features;
            } else {
                ok = false;
            }
        }
        if (!ok) {
            throw refuse(n, "Reshape to " + Arrays.toString(shape) + " of a value with features "
                    + Arrays.toString(featureDims) + "; only [N, features] targets ([-1, F], [0, F], [0, -1]) are read");
        }
        featureDims = new long[]{target};
    }

    private void requireRank2(Node n) throws ModelFormatException {
        if (featureDims.length != 1) {
            throw refuse(n, "its input has shape [N, " + joinDims(featureDims) + "]; a Flatten(axis=1) or Reshape"
                    + " to [N, features] must come first");
        }
    }

    private static String joinDims(long[] dims) {
        StringBuilder sb = new StringBuilder();
        for (long d : dims) {
            sb.append(sb.length() == 0 ? "" : ", ").append(d < 0 ? "?" : Long.toString(d));
        }
        return sb.toString();
    }

    private void gemm(Node n, String current) throws ModelFormatException {
        requireRank2(n);
        if (n.inputs.size() < 2 || !n.inputs.get(0).equals(current)) {
            throw refuse(n, "the data must be its first input A; found inputs " + n.inputs);
        }
        if (attrInt(n, "transA", 0) != 0) {
            throw refuse(n, "transA = 1 transposes the batch; only transA = 0 is a dense layer");
        }
        Tensor bt = constantInput(n, 1, "B (the weights)");
        if (bt.dims.size() != 2) {
            throw refuse(n, "weights B have shape " + bt.shape() + "; expected rank 2");
        }
        boolean transB = attrInt(n, "transB", 0) != 0;
        float alpha = attrFloat(n, "alpha", 1f);
        float beta = attrFloat(n, "beta", 1f);
        long d0 = bt.dims.get(0);
        long d1 = bt.dims.get(1);
        long in = transB ? d1 : d0;
        long outs = transB ? d0 : d1;
        requireLayerDims(n, bt, in, outs);
        requireOwnWeights(n, bt);
        float[] b = floats(bt, n.describe() + " input B");
        float[] w = transB ? b.clone() : transpose(b, (int) d0, (int) d1);
        if (alpha != 1f) {
            for (int k = 0; k < w.length; k++) {
                w[k] *= alpha;
            }
            if (noting()) {
                notes.add(n.describe() + ": alpha " + alpha + " multiplied into the weights");
            }
        }
        float[] bias = new float[(int) outs];
        if (n.inputs.size() > 2 && !n.inputs.get(2).isEmpty()) {
            float[] c = vector(n, constantInput(n, 2, "C (the bias)"), (int) outs, "C (the bias)");
            for (int k = 0; k < bias.length; k++) {
                bias[k] = beta == 1f ? at(c, k) : beta * at(c, k);
            }
            if (beta != 1f) {
                if (noting()) {
                    notes.add(n.describe() + ": beta " + beta + " multiplied into the bias");
                }
            }
        }
        addLayer(n, in, outs, w, bias, alpha != 1f || beta != 1f);
    }

    private void matmul(Node n, String current) throws ModelFormatException {
        requireRank2(n);
        if (n.inputs.size() != 2 || !n.inputs.get(0).equals(current)) {
            throw refuse(n, "the data must be its first input (x @ W); found inputs " + n.inputs);
        }
        Tensor bt = constantInput(n, 1, "the weights");
        if (bt.dims.size() != 2) {
            throw refuse(n, "weights have shape " + bt.shape() + "; expected [in, out]");
        }
        long in = bt.dims.get(0);
        long outs = bt.dims.get(1);
        requireLayerDims(n, bt, in, outs);
        requireOwnWeights(n, bt);
        float[] w = transpose(floats(bt, n.describe() + " weights"), (int) in, (int) outs);
        addLayer(n, in, outs, w, new float[(int) outs], false);
    }

    /** Whether another note fits (the notes stop at {@link #MAX_NOTES}; the rest are only counted). */
    private boolean noting() {
        if (notes.size() < MAX_NOTES) {
            return true;
        }
        droppedNotes++;
        return false;
    }

    /** A layer's weights are its own: read into a second layer, one stored matrix would become several in memory. */
    private void requireOwnWeights(Node n, Tensor weights) throws ModelFormatException {
        if (!weightTensors.add(weights)) {
            throw refuse(n, "its weights '" + weights.name + "' are already the weights of another layer; vecmlp"
                    + " layers do not share weights (each layer would be a copy of the stored matrix)");
        }
    }

    /** The constant's value for feature {@code j}: a scalar applies to every feature. */
    private static float at(float[] k, int j) {
        return k.length == 1 ? k[0] : k[j];
    }

    /** Both dims positive: with the element count checked against the data, neither can then claim more than the file holds. */
    private void requireLayerDims(Node n, Tensor weights, long in, long outs) throws ModelFormatException {
        if (in <= 0 || outs <= 0) {
            throw new ModelFormatException(Reason.BAD_SHAPE, source + ": " + n.describe() + " (opset " + opset
                    + ") has weights '" + weights.name + "' of shape " + weights.shape() + "; expected positive dims");
        }
    }

    private void addLayer(Node n, long in, long outs, float[] w, float[] bias, boolean scaled) throws ModelFormatException {
        int width = width();
        if (in <= 0 || outs <= 0 || (width > 0 && in != width)) {
            throw new ModelFormatException(Reason.BAD_SHAPE, source + ": " + n.describe() + " (opset " + opset
                    + ") has weights for " + in + " inputs and " + outs + " outputs, but its input has "
                    + (width > 0 ? width : "an unknown number of") + " features");
        }
        if (open != null && open.activation == Activation.SOFTMAX) {
            throw refuse(n, "it follows a Softmax; vecmlp has softmax only on the output layer");
        }
        if (layers.isEmpty()) {
            applyFront((int) in);
        }
        Layer layer = new Layer((int) in, (int) outs, w, bias, n);
        layer.exact = !scaled;
        if (carryMul != null) {
            foldCarry(layer);
        }
        layers.add(layer);
        open = layer;
        featureDims = new long[]{outs};
    }

    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }

    private void elementwise(Node n, String current) throws ModelFormatException {
        if (n.inputs.size() != 2) {
            throw refuse(n, "expected two inputs, found " + n.inputs.size());
        }
        boolean constantFirst = !n.inputs.get(0).equals(current);
        String other = n.inputs.get(constantFirst ? 0 : 1);
        if (other.equals(current) || !constants.containsKey(other)) {
            throw refuse(n, "only a constant operand is read (found '" + other + "', computed at run time)");
        }
        if (constantFirst && n.opType.equals("Div")) {
            throw refuse(n, "constant / x is not an affine map");
        }
        Tensor t = constants.get(other);
        if (layers.isEmpty()) {
            requireVectorShape(n, t, featureDims.length == 1 ? width() : 1);
            float[] k = decoded.containsKey(t) ? decoded.get(t) : floats(t, n.describe() + " constant");
            pendingFront.add(new FrontOp(n.opType, k, constantFirst, n));
            return;
        }
        int w = width();
        float[] k = vector(n, t, w, "constant");
        if (open != null && open.activation == null) {
            foldIntoLayer(n, open, k, constantFirst);
        } else {
            carry(n, k, constantFirst);
        }
    }

    private void requireVectorShape(Node n, Tensor t, int width) throws ModelFormatException {
        long count = t.elementCount();
        boolean vectorShape = t.dims.size() == 0 || t.dims.size() == 1
                || (t.dims.size() == 2 && t.dims.get(0) == 1);
        if (!vectorShape || !(count == 1 || (width > 0 ? count == width : count > 0))) {
            throw refuse(n, "constant of shape " + t.shape() + " for a value with features ["
                    + joinDims(featureDims) + "]; expected a scalar or one value per feature ([F] or [1, F])");
        }
    }

    /**
     * The constant checked against shape {@code [F]}/{@code [1, F]}: one value per feature, or one
     * scalar (read with {@link #at}, never broadcast into a new array). The array is shared: read only.
     */
    private float[] vector(Node n, Tensor t, int width, String what) throws ModelFormatException {
        requireVectorShape(n, t, width);
        float[] v = decoded.containsKey(t) ? decoded.get(t) : floats(t, n.describe() + " " + what);
        if (v.length != width && v.length != 1) {
            throw refuse(n, what + " has " + v.length + " values for " + width + " features");
        }
        return v;
    }

    private void foldIntoLayer(Node n, Layer layer, float[] k, boolean constantFirst) throws ModelFormatException {
        switch (n.opType) {
            case "Add":
                for (int o = 0; o < layer.out; o++) {
                    layer.b[o] += at(k, o);
                }
                break;
            case "Sub":
                for (int o = 0; o < layer.out; o++) {
                    if (constantFirst) {
                        layer.b[o] = at(k, o) - layer.b[o];
                        scaleRow(layer, o, -1f);
                    } else {
                        layer.b[o] -= at(k, o);
                    }
                }
                break;
            case "Mul": case "Div":
                for (int o = 0; o < layer.out; o++) {
                    if (n.opType.equals("Div") && at(k, o) == 0f) {
                        throw refuse(n, "division by zero at output " + o);
                    }
                    float f = n.opType.equals("Mul") ? at(k, o) : 1f / at(k, o);
                    layer.b[o] *= f;
                    scaleRow(layer, o, f);
                }
                layer.exact = false;
                if (noting()) {
                    notes.add(n.describe() + ": folded into the weights and bias of layer " + (layers.size() - 1));
                }
                break;
            default:
                throw new IllegalStateException(n.opType);
        }
    }

    private static void scaleRow(Layer layer, int o, float f) {
        for (int i = 0; i < layer.in; i++) {
            layer.w[o * layer.in + i] *= f;
        }
    }

    /** Composes a constant elementwise node after an activation into {@code y = x * mul + add}, for the next layer. */
    private void carry(Node n, float[] k, boolean constantFirst) throws ModelFormatException {
        int w = width();
        startCarry(n, w);
        for (int j = 0; j < w; j++) {
            double kj = at(k, j);
            double mul;
            double add;
            switch (n.opType) {
                case "Add": mul = 1; add = kj; break;
                case "Sub": mul = constantFirst ? -1 : 1; add = constantFirst ? kj : -kj; break;
                case "Mul": mul = kj; add = 0; break;
                case "Div":
                    if (kj == 0) {
                        throw refuse(n, "division by zero at feature " + j);
                    }
                    mul = 1.0 / kj;
                    add = 0;
                    break;
                default: throw new IllegalStateException(n.opType);
            }
            carryStep(j, mul, add);
        }
        if (noting()) {
            notes.add(n.describe() + ": after an activation; folded into the next layer's weights and bias");
        }
    }

    /** Starts (once per chain) the affine map carried to the next layer; {@code w} is the open layer's width. */
    private void startCarry(Node n, int w) {
        if (carryMul == null) {
            carryMul = new double[w];
            carryAdd = new double[w];
            Arrays.fill(carryMul, 1);
            carryNode = n;
        }
    }

    /** {@code y_j = (x_j * carryMul_j + carryAdd_j) * mul + add}. */
    private void carryStep(int j, double mul, double add) {
        carryMul[j] *= mul;
        carryAdd[j] = carryAdd[j] * mul + add;
    }

    private void foldCarry(Layer layer) {
        for (int o = 0; o < layer.out; o++) {
            double extra = 0;
            for (int i = 0; i < layer.in; i++) {
                double wv = layer.w[o * layer.in + i];
                extra += wv * carryAdd[i];
                layer.w[o * layer.in + i] = (float) (wv * carryMul[i]);
            }
            layer.b[o] = (float) (layer.b[o] + extra);
        }
        layer.exact = false;
        carryMul = null;
        carryAdd = null;
        carryNode = null;
    }

    private void batchNorm(Node n, String current) throws ModelFormatException {
        requireRank2(n);
        if (n.inputs.size() != 5 || !n.inputs.get(0).equals(current)) {
            throw refuse(n, "expected inputs (X, scale, B, mean, var) with X the data; found " + n.inputs);
        }
        for (int k = 1; k < n.outputs.size(); k++) {
            String o = n.outputs.get(k);
            if (!o.isEmpty() && (consumers.containsKey(o) || isGraphOutput(o))) {
                throw refuse(n, "its training output '" + o + "' is used; only inference BatchNormalization is read");
            }
        }
        if (attrInt(n, "training_mode", 0) != 0) {
            throw refuse(n, "training_mode = 1; only inference BatchNormalization (running statistics) is read");
        }
        int w = width();
        if (w <= 0) {
            throw refuse(n, "the number of features before it is unknown");
        }
        float[] scale = vector(n, constantInput(n, 1, "scale"), w, "scale");
        float[] bias = vector(n, constantInput(n, 2, "B"), w, "B");
        float[] mean = vector(n, constantInput(n, 3, "mean"), w, "mean");
        float[] var = vector(n, constantInput(n, 4, "var"), w, "var");
        double eps = attrFloat(n, "epsilon", 1e-5f);
        // Scalars stay scalars: nothing here is wider than the statistics the file holds (or the open layer).
        int len = Math.max(Math.max(scale.length, bias.length), Math.max(mean.length, var.length));
        for (int j = 0; j < len; j++) {
            double d = at(var, j) + eps;
            if (!(d > 0)) {
                throw refuse(n, "var + epsilon = " + d + " at feature " + j + "; expected > 0");
            }
        }
        if (layers.isEmpty()) {
            float[] fs = new float[len];
            for (int j = 0; j < len; j++) {
                fs[j] = (float) (at(scale, j) / Math.sqrt(at(var, j) + eps));
                if (fs[j] == 0) {
                    throw refuse(n, "scale 0 at feature " + j + " makes the input constant");
                }
            }
            pendingFront.add(new FrontOp("Sub", mean, false, n));
            pendingFront.add(new FrontOp("Mul", fs, false, n));
            pendingFront.add(new FrontOp("Add", bias, false, n));
            if (noting()) {
                notes.add(n.describe() + ": at the input; folded into the input scaling");
            }
            return;
        }
        if (open != null && open.activation == null) {
            for (int o = 0; o < open.out; o++) {
                double so = at(scale, o) / Math.sqrt(at(var, o) + eps);
                for (int i = 0; i < open.in; i++) {
                    open.w[o * open.in + i] = (float) (open.w[o * open.in + i] * so);
                }
                open.b[o] = (float) ((open.b[o] - at(mean, o)) * so + at(bias, o));
            }
            open.exact = false;
            if (noting()) {
                notes.add(n.describe() + ": folded into the weights and bias of layer " + (layers.size() - 1));
            }
        } else {
            startCarry(n, w);
            for (int j = 0; j < w; j++) {
                double sj = at(scale, j) / Math.sqrt(at(var, j) + eps);
                carryStep(j, sj, at(bias, j) - at(mean, j) * sj);
            }
            if (noting()) {
                notes.add(n.describe() + ": after an activation; folded into the next layer's weights and bias");
            }
        }
    }

    private void activation(Node n, Activation a) throws ModelFormatException {
        activation(n, a, Float.NaN);
    }

    /** As {@link #activation(Node, Activation)} with the activation's parameter (NaN: its default). */
    void activation(Node n, Activation a, float parameter) throws ModelFormatException {
        if (!Float.isNaN(parameter)) {
            try {
                a.checkParameter(parameter);
            } catch (IllegalArgumentException e) {
                throw refuse(n, "alpha " + parameter + ": " + e.getMessage());
            }
        }
        if (open == null || open.activation != null) {
            throw refuse(n, open == null ? "an activation before any Gemm/MatMul layer cannot be represented"
                    : "layer " + (layers.size() - 1) + " already has activation " + open.activation
                    + "; vecmlp has one activation per layer");
        }
        if (carryMul != null) {
            throw refuse(n, "an activation after a folded constant map cannot be represented");
        }
        open.activation = a;
        open.activationParameter = parameter;
    }

    private void softmax(Node n) throws ModelFormatException {
        long axis = attrInt(n, "axis", opset >= 13 ? -1 : 1);
        if (axis != 1 && axis != -1) {
            throw refuse(n, "Softmax axis " + axis + " on [N, features]; only the last axis (1 or -1) is vecmlp's softmax");
        }
        activation(n, Activation.SOFTMAX);
    }

    private void applyFront(int width) throws ModelFormatException {
        if (pendingFront.isEmpty()) {
            return;
        }
        double[] shift = new double[width];
        double[] scale = new double[width];
        Arrays.fill(scale, 1);
        for (FrontOp op : pendingFront) {
            if (op.k.length != 1 && op.k.length != width) {
                throw refuse(op.node, "constant of " + op.k.length + " values before a layer of " + width + " inputs");
            }
            for (int j = 0; j < width; j++) {
                double k = op.k[op.k.length == 1 ? 0 : j];
                switch (op.op) {
                    case "Sub":
                        // (x - s) a - k = (x - (s + k / a)) a ;  k - (x - s) a = (x - (s + k / a)) (-a)
                        requireNonZero(op.node, scale[j], j);
                        shift[j] += k / scale[j];
                        if (op.constantFirst) {
                            scale[j] = -scale[j];
                        }
                        break;
                    case "Add":
                        requireNonZero(op.node, scale[j], j);
                        shift[j] -= k / scale[j];
                        break;
                    case "Mul":
                        scale[j] *= k;
                        break;
                    case "Div":
                        if (k == 0) {
                            throw refuse(op.node, "division by zero at feature " + j);
                        }
                        scale[j] /= k;
                        break;
                    default:
                        throw new IllegalStateException(op.op);
                }
            }
        }
        float[] fs = new float[width];
        float[] fa = new float[width];
        for (int j = 0; j < width; j++) {
            fs[j] = (float) shift[j];
            fa[j] = (float) scale[j];
            if (!Float.isFinite(fs[j]) || !Float.isFinite(fa[j])) {
                throw refuse(pendingFront.get(0).node, "the folded input scaling is not finite at feature " + j);
            }
        }
        StringBuilder ops = new StringBuilder();
        for (FrontOp op : pendingFront) {
            ops.append(ops.length() == 0 ? "" : ", ").append(op.node.describe());
        }
        if (noting()) {
            notes.add("preprocessing " + ops + ": folded into the model's input scaling (x - shift) * scale");
        }
        scalingShift = fs;
        scalingScale = fa;
    }

    private void requireNonZero(Node n, double scale, int j) throws ModelFormatException {
        if (scale == 0) {
            throw refuse(n, "it follows a multiplication by zero at feature " + j + ", which cannot be undone");
        }
    }

    // ------------------------------------------------------------------ after the network

    private void postProcessing(String end) throws ModelFormatException {
        Set<String> aliases = new LinkedHashSet<>();
        Set<String> labels = new LinkedHashSet<>();
        Set<String> maps = new LinkedHashSet<>();
        aliases.add(end);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Node n : graph.nodes) {
                if (used.contains(n)) {
                    continue;
                }
                String in0 = n.inputs.isEmpty() ? "" : n.inputs.get(0);
                boolean onAlias = aliases.contains(in0);
                boolean onLabel = labels.contains(in0);
                switch (n.opType) {
                    case "Identity": case "Dropout":
                        if (onAlias || onLabel) {
                            (onAlias ? aliases : labels).add(singleOutput(n));
                            used.add(n);
                            changed = true;
                        }
                        break;
                    case "Cast":
                        if (onAlias && attrInt(n, "to", -1) == OnnxProto.FLOAT) {
                            aliases.add(singleOutput(n));
                            used.add(n);
                            changed = true;
                        } else if (onLabel) {
                            labels.add(singleOutput(n));
                            used.add(n);
                            changed = true;
                        }
                        break;
                    case "Reshape": case "Squeeze": case "Flatten":
                        if (onLabel) {
                            labels.add(singleOutput(n));
                            used.add(n);
                            changed = true;
                        }
                        break;
                    case "ArgMax":
                        if (onAlias) {
                            long axis = attrInt(n, "axis", 0);
                            if (axis != 1 && axis != -1) {
                                throw refuse(n, "ArgMax over axis " + axis + "; only the class axis (1 or -1) is"
                                        + " the predictor's class output");
                            }
                            labels.add(singleOutput(n));
                            used.add(n);
                            changed = true;
                            if (noting()) {
                                notes.add(n.describe() + ": the class output; Predictor.predictClass gives its index");
                            }
                        }
                        break;
                    case "ArrayFeatureExtractor":
                        if (n.inputs.size() == 2 && labels.contains(n.inputs.get(1)) && constants.containsKey(in0)) {
                            metadata.put("onnx.classes", classLabels(constants.get(in0), n));
                            labels.add(singleOutput(n));
                            used.add(n);
                            changed = true;
                        }
                        break;
                    case "ZipMap":
                        if (onAlias) {
                            maps.add(singleOutput(n));
                            used.add(n);
                            changed = true;
                            if (noting()) {
                                notes.add(n.describe() + ": maps class labels to probabilities; the predictor gives the"
                                        + " probabilities as an array in class order");
                            }
                        }
                        break;
                    case "Sub":
                        if (n.inputs.size() == 2 && aliases.contains(n.inputs.get(1)) && isPostProcessing(n)) {
                            changed |= binaryPair(n, aliases);
                        }
                        break;
                    default:
                        break;
                }
            }
        }
        for (Node n : graph.nodes) {
            if (!used.contains(n)) {
                throw refuse(n, aliases.contains(n.inputs.isEmpty() ? "" : n.inputs.get(0))
                        ? "it follows the network's last layer, where only classifier post-processing is read"
                        : "it is not on the chain of layers from the input (or cannot be mapped there)");
            }
        }
        List<String> probabilityOutputs = new ArrayList<>();
        Layer last = layers.get(layers.size() - 1);
        for (ValueInfo v : graph.outputs) {
            if (aliases.contains(v.name)) {
                checkOutputShape(v, last.out);
                probabilityOutputs.add(v.name);
            } else if (labels.contains(v.name)) {
                metadata.put("onnx.label_output", v.name);
            } else if (maps.contains(v.name)) {
                metadata.put("onnx.map_output", v.name);
            } else {
                throw new ModelFormatException(Reason.BAD_SHAPE, source + ": graph output '" + v.name + "' is not"
                        + " produced by the network (its outputs end at '" + end + "')");
            }
        }
        if (graph.outputs.isEmpty()) {
            throw new ModelFormatException(Reason.MISSING_SECTION, source + ": graph '" + graph.name + "' has no outputs");
        }
        if (!probabilityOutputs.isEmpty()) {
            metadata.put("onnx.output", probabilityOutputs.get(0));
        }
    }

    /** scikit-learn's binary classifier: {@code p} (sigmoid, one unit), {@code Sub(1, p)}, {@code Concat([1 - p, p], axis 1)}. */
    private boolean binaryPair(Node sub, Set<String> aliases) throws ModelFormatException {
        String negative = singleOutput(sub);
        List<Node> next = consumers.getOrDefault(negative, List.of());
        if (next.size() != 1 || !next.get(0).opType.equals("Concat")) {
            throw refuse(sub, "1 - p is read only as the first half of Concat([1 - p, p], axis=1)");
        }
        Node concat = next.get(0);
        String p = sub.inputs.get(1);
        if (concat.inputs.size() != 2 || !concat.inputs.get(0).equals(negative) || !concat.inputs.get(1).equals(p)
                || Math.abs(attrInt(concat, "axis", 0)) != 1) {
            throw refuse(concat, "only Concat([1 - p, p], axis=1) of a one-unit sigmoid output is read");
        }
        Layer last = layers.get(layers.size() - 1);
        float[] w = new float[2 * last.in];
        System.arraycopy(last.w, 0, w, last.in, last.in);
        float[] b = {0f, last.b[0]};
        Layer two = new Layer(last.in, 2, w, b, last.origin);
        two.activation = Activation.SOFTMAX;
        two.exact = last.exact;
        layers.set(layers.size() - 1, two);
        used.add(sub);
        used.add(concat);
        aliases.add(singleOutput(concat));
        if (noting()) {
            notes.add("binary classifier: sigmoid p with Concat([1 - p, p]) read as a two-class softmax over logits"
                    + " [0, z], which equals [1 - p, p]");
        }
        return true;
    }

    private String classLabels(Tensor t, Node n) throws ModelFormatException {
        String known = labelsOf.get(t);
        if (known == null) {
            known = decodeLabels(t, n);
            labelsOf.put(t, known);
        }
        return known;
    }

    private String decodeLabels(Tensor t, Node n) throws ModelFormatException {
        List<String> labels = new ArrayList<>();
        if (t.dataType == OnnxProto.STRING) {
            for (byte[] s : t.stringData) {
                labels.add(new String(s, StandardCharsets.UTF_8));
            }
        } else if (t.dataType == OnnxProto.INT64 || t.dataType == OnnxProto.INT32) {
            for (long v : longs(t, n)) {
                labels.add(Long.toString(v));
            }
        } else {
            for (float v : floats(t, n.describe() + " classes")) {
                labels.add(Float.toString(v));
            }
        }
        return String.join(",", labels);
    }

    private void checkOutputShape(ValueInfo v, int width) throws ModelFormatException {
        if (v.tensorType && v.elemType != 0 && v.elemType != OnnxProto.FLOAT) {
            throw new ModelFormatException(Reason.BAD_SHAPE, source + ": output '" + v.name + "' is declared "
                    + typeName(v) + "; the network computes float32");
        }
        if (v.shape == null) {
            return;
        }
        boolean ok = v.shape.size() == 2 ? v.shape.get(1).value < 0 || v.shape.get(1).value == width
                : v.shape.size() == 1 && width == 1;
        if (!ok) {
            throw new ModelFormatException(Reason.BAD_SHAPE, source + ": output '" + v.name + "' is declared with shape "
                    + v.shape + ", but the network gives [N, " + width + "]");
        }
    }

    // ------------------------------------------------------------------ the model

    private Mlp build() throws ModelFormatException {
        Layer first = layers.get(0);
        long declared = product(inputDeclaredFeatures());
        if (declared > 0 && declared != first.in) {
            throw new ModelFormatException(Reason.BAD_SHAPE, source + ": input '" + metadata.get("onnx.input")
                    + "' has " + declared + " features, but the first layer takes " + first.in);
        }
        Activation outAct = activationOf(layers.get(layers.size() - 1));
        Loss loss = lossFor(outAct);
        try {
            Mlp.Builder b = Mlp.builder(first.in);
            for (int l = 0; l < layers.size(); l++) {
                Layer layer = layers.get(l);
                Activation a = activationOf(layer);
                float parameter = Float.isNaN(layer.activationParameter) ? a.defaultParameter() : layer.activationParameter;
                if (l < layers.size() - 1) {
                    b.hidden(layer.out, a, parameter);
                } else {
                    b.output(layer.out, a, parameter);
                }
                requireFinite(layer, l);
                b.weights(l, layer.w, layer.b);
            }
            if (loss != null) {
                b.loss(loss);
            }
            Mlp mlp = b.build();
            if (scalingShift != null) {
                mlp.setInputScaling(new InputScaling(scalingShift, scalingScale));
            }
            return mlp;
        } catch (RuntimeException e) {
            throw new ModelFormatException(Reason.INVALID_VALUE, source + ": the graph does not make a vecmlp MLP: "
                    + e.getMessage(), e);
        }
    }

    private long[] inputDeclaredFeatures() {
        for (ValueInfo v : graph.inputs) {
            if (v.name.equals(metadata.get("onnx.input")) && v.shape != null) {
                long[] d = new long[v.shape.size() - 1];
                for (int k = 1; k < v.shape.size(); k++) {
                    d[k - 1] = v.shape.get(k).value;
                }
                return d;
            }
        }
        return new long[]{-1};
    }

    private static Activation activationOf(Layer layer) {
        return layer.activation == null ? Activation.LINEAR : layer.activation;
    }

    private Loss lossFor(Activation outAct) {
        String recorded = metadata.get(OnnxWriter.META_LOSS);
        if (recorded == null) {
            return null;
        }
        try {
            Loss loss = Loss.valueOf(recorded.trim().toUpperCase(Locale.ROOT));
            Activation required = loss.requiredOutputActivation();
            if ((required == null && outAct != Activation.SOFTMAX) || required == outAct) {
                return loss;
            }
            if (noting()) {
                notes.add("metadata " + OnnxWriter.META_LOSS + " = " + recorded + " does not fit a " + outAct
                        + " output; the default loss is used");
            }
        } catch (IllegalArgumentException e) {
            if (noting()) {
                notes.add("metadata " + OnnxWriter.META_LOSS + " = " + recorded + " is not a vecmlp loss; the default is used");
            }
        }
        return null;
    }

    private void requireFinite(Layer layer, int l) throws ModelFormatException {
        for (float v : layer.w) {
            if (!Float.isFinite(v)) {
                throw new ModelFormatException(Reason.INVALID_VALUE, source + ": " + layer.origin.describe()
                        + " gives layer " + l + " a non-finite weight (" + v + ")");
            }
        }
        for (float v : layer.b) {
            if (!Float.isFinite(v)) {
                throw new ModelFormatException(Reason.INVALID_VALUE, source + ": " + layer.origin.describe()
                        + " gives layer " + l + " a non-finite bias (" + v + ")");
            }
        }
    }

    // ------------------------------------------------------------------ tensors and attributes

    private Tensor constantInput(Node n, int index, String what) throws ModelFormatException {
        if (n.inputs.size() <= index || n.inputs.get(index).isEmpty()) {
            throw refuse(n, "input " + what + " is missing");
        }
        Tensor t = constants.get(n.inputs.get(index));
        if (t == null) {
            throw refuse(n, "input " + what + " ('" + n.inputs.get(index) + "') is computed at run time;"
                    + " it must be an initializer or Constant");
        }
        return t;
    }

    /**
     * A tensor's values as float32: float32 as is, float64/float16/bfloat16 converted (noted), from
     * {@code raw_data} (little endian) or the typed field. The element count from the dims is
     * checked against the bytes present before the array is allocated, and each tensor is decoded
     * once: the array is shared by every node that reads the tensor, so callers never write to it.
     */
    float[] floats(Tensor t, String what) throws ModelFormatException {
        float[] cached = decoded.get(t);
        if (cached == null) {
            cached = decode(t, what);
            decoded.put(t, cached);
        }
        return cached;
    }

    private float[] decode(Tensor t, String what) throws ModelFormatException {
        if (t.external || t.segmented) {
            throw new ModelFormatException(Reason.UNSUPPORTED_DTYPE, source + ": tensor '" + t.name + "' (" + what + ") is "
                    + (t.external ? "stored in an external file" : "segmented") + "; only tensors inside the model are read");
        }
        long count = t.elementCount();
        if (count < 0 || count > Integer.MAX_VALUE - 16) {
            throw new ModelFormatException(Reason.BAD_SHAPE, source + ": tensor '" + t.name + "' (" + what
                    + ") has dims " + t.shape());
        }
        int n = (int) count;
        int width;
        switch (t.dataType) {
            case OnnxProto.FLOAT: width = 4; break;
            case OnnxProto.DOUBLE: width = 8; break;
            case OnnxProto.FLOAT16: case OnnxProto.BFLOAT16: width = 2; break;
            default:
                throw new ModelFormatException(Reason.UNSUPPORTED_DTYPE, source + ": tensor '" + t.name + "' (" + what
                        + ") is " + OnnxProto.dataTypeName(t.dataType) + "; float32, float64, float16 and bfloat16 are read");
        }
        int present;
        if (t.rawData != null) {
            if ((long) n * width != t.rawData.length) {
                throw new ModelFormatException(Reason.BAD_SHAPE, source + ": tensor '" + t.name + "' (" + what + ") has dims "
                        + t.shape() + " (" + n + " values of " + width + " bytes) but " + t.rawData.length + " bytes of raw_data");
            }
            present = n;
        } else {
            present = t.dataType == OnnxProto.FLOAT ? t.floatData.size()
                    : t.dataType == OnnxProto.DOUBLE ? t.doubleData.size() : t.int32Data.size();
        }
        if (present != n) {
            throw new ModelFormatException(Reason.BAD_SHAPE, source + ": tensor '" + t.name + "' (" + what + ") has dims "
                    + t.shape() + " (" + n + " values) but holds " + present);
        }
        float[] out = new float[n];
        ByteBuffer raw = t.rawData == null ? null : ByteBuffer.wrap(t.rawData).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < n; k++) {
            switch (t.dataType) {
                case OnnxProto.FLOAT: out[k] = raw != null ? raw.getFloat(4 * k) : t.floatData.get(k); break;
                case OnnxProto.DOUBLE: out[k] = (float) (raw != null ? raw.getDouble(8 * k) : t.doubleData.get(k)); break;
                case OnnxProto.FLOAT16:
                    out[k] = halfToFloat(raw != null ? raw.getShort(2 * k) & 0xffff : (int) t.int32Data.get(k) & 0xffff);
                    break;
                default:
                    out[k] = Float.intBitsToFloat((raw != null ? raw.getShort(2 * k) & 0xffff : (int) t.int32Data.get(k) & 0xffff) << 16);
            }
        }
        if (t.dataType != OnnxProto.FLOAT && n > 0) {
            if (noting()) {
                notes.add("tensor '" + t.name + "' (" + what + "): " + OnnxProto.dataTypeName(t.dataType)
                        + " converted to float32" + (t.dataType == OnnxProto.DOUBLE ? " (rounded to nearest)" : " (exactly)"));
            }
        }
        return out;
    }

    /** IEEE 754 binary16 to float32 (exact). */
    static float halfToFloat(int h) {
        int sign = (h >>> 15) & 1;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        float v;
        if (exp == 0) {
            v = mant * 0x1p-24f;
        } else if (exp == 31) {
            v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            v = Float.intBitsToFloat(((exp - 15 + 127) << 23) | (mant << 13));
        }
        return sign == 1 ? -v : v;
    }

    private long[] longs(Tensor t, Node n) throws ModelFormatException {
        long count = t.elementCount();
        if (t.dataType != OnnxProto.INT64 && t.dataType != OnnxProto.INT32) {
            throw refuse(n, "tensor '" + t.name + "' is " + OnnxProto.dataTypeName(t.dataType) + "; expected int64");
        }
        int width = t.dataType == OnnxProto.INT64 ? 8 : 4;
        if (count < 0 || count > 1 << 20) {
            throw refuse(n, "tensor '" + t.name + "' has dims " + t.shape());
        }
        int c = (int) count;
        OnnxProto.LongList data = width == 8 ? t.int64Data : t.int32Data;
        if (t.rawData != null ? (long) c * width != t.rawData.length : data.size() != c) {
            throw refuse(n, "tensor '" + t.name + "' has dims " + t.shape() + " but holds "
                    + (t.rawData != null ? t.rawData.length + " bytes of raw_data" : data.size() + " values"));
        }
        long[] out = new long[c];
        if (t.rawData != null) {
            ByteBuffer raw = ByteBuffer.wrap(t.rawData).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < c; k++) {
                out[k] = width == 8 ? raw.getLong(8 * k) : raw.getInt(4 * k);
            }
        } else {
            for (int k = 0; k < c; k++) {
                out[k] = data.get(k);
            }
        }
        return out;
    }

    private static long attrInt(Node n, String name, long fallback) {
        Attribute a = n.attribute(name);
        return a == null ? fallback : a.i;
    }

    private static float attrFloat(Node n, String name, float fallback) {
        Attribute a = n.attribute(name);
        return a == null ? fallback : a.f;
    }

    ModelFormatException refuse(Node n, String why) {
        return new ModelFormatException(Reason.INVALID_VALUE, source + ": " + n.describe() + " (opset " + opset + "): "
                + why + "; " + SUPPORTED);
    }
}
