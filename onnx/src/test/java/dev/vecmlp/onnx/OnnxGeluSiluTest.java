package dev.vecmlp.onnx;

import dev.vecmlp.data.InputScaling;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.io.ModelFormatException;
import dev.vecmlp.io.ModelFormatException.Reason;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Dense;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.onnx.OnnxProto.Attribute;
import dev.vecmlp.onnx.OnnxProto.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GELU and SiLU, which opset 13 has no single operator for: exported as the exact-GELU Erf
 * pattern and as {@code Mul(z, Sigmoid(z))}, run in ONNX Runtime with the Predictor's outputs,
 * and read back bit for bit; on import, the layouts exporters write (torch's, and the other
 * orders and constant forms) map onto GELU/SiLU, while partial or odd patterns and GELU's tanh
 * approximation are refused with a message naming the node.
 */
class OnnxGeluSiluTest {
    private static final float SQRT2 = (float) Math.sqrt(2);

    // ------------------------------------------------------------------ export

    @Test
    void geluAndSiluExportRunInOnnxRuntimeAndReimportBitIdentical(@TempDir Path dir) throws Exception {
        Mlp[] models = {
            Mlp.builder(13).hidden(17, Activation.GELU).hidden(9, Activation.SILU).output(5, Activation.SOFTMAX)
                    .seed(11).build(),
            Mlp.builder(13).hidden(17, Activation.SILU).hidden(9, Activation.GELU).output(3, Activation.GELU)
                    .loss(Loss.MSE).seed(12).build(),
            Mlp.builder(13).hidden(8, Activation.RELU).output(2, Activation.SILU).loss(Loss.MSE).seed(13).build(),
        };
        SplittableRandom random = new SplittableRandom(5);
        float[] shift = new float[13];
        float[] scale = new float[13];
        for (int j = 0; j < 13; j++) {
            shift[j] = (float) random.nextDouble(-1, 1);
            scale[j] = (float) random.nextDouble(0.2, 2);
        }
        models[1].setInputScaling(new InputScaling(shift, scale));
        int rows = 37;
        float[] x = new float[rows * 13];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) random.nextDouble(-4, 4);
        }
        int k = 0;
        for (Mlp model : models) {
            Path file = dir.resolve("m" + (k++) + ".onnx");
            OnnxModels.export(model, Map.of(), file);
            float[] expected = Predictor.of(model).predictBatch(x);
            // float32 sums of up to 17 terms in another order, and ONNX Runtime's own erf/exp.
            OnnxExportRuntimeTest.assertClose(expected, OnnxExportRuntimeTest.runOnnx(Files.readAllBytes(file), x,
                    rows, 13), 1e-6 * 18);

            OnnxImport back = OnnxModels.read(file);
            Mlp again = back.model();
            assertEquals(model.toString(), again.toString());
            assertEquals(model.loss(), again.loss());
            for (int l = 0; l < model.layerCount(); l++) {
                assertEquals(model.layer(l).activation(), again.layer(l).activation(), "layer " + l);
                assertArrayEquals(bits(model.weights(l)), bits(again.weights(l)), "layer " + l + " weights");
                assertArrayEquals(bits(model.bias(l)), bits(again.bias(l)), "layer " + l + " bias");
            }
            assertEquals(model.inputScaling(), again.inputScaling());
            assertArrayEquals(expected, Predictor.of(again).predictBatch(x));
        }
    }

    @Test
    void exportWritesTheErfPatternAndSigmoidMul() throws Exception {
        Mlp model = Mlp.builder(3).hidden(4, Activation.GELU).hidden(4, Activation.GELU).output(2, Activation.SILU)
                .loss(Loss.MSE).seed(1).build();
        OnnxProto.Model m = OnnxProto.parseModel(OnnxModels.toBytes(model, Map.of()), "exported");
        List<String> ops = new ArrayList<>();
        for (Node n : m.graph.nodes) {
            ops.add(n.opType);
        }
        assertEquals(List.of("Gemm", "Div", "Erf", "Add", "Mul", "Mul", "Gemm", "Div", "Erf", "Add", "Mul", "Mul",
                "Gemm", "Sigmoid", "Mul"), ops);
        assertEquals(13, m.opsetImports.get(0).version);
        assertEquals(SQRT2, OnnxFixtureTest.initializer(m, "gelu.sqrt2")[0]);
        assertEquals(0.5f, OnnxFixtureTest.initializer(m, "gelu.half")[0]);
        assertEquals(1f, OnnxFixtureTest.initializer(m, "gelu.one")[0]);
    }

    // ------------------------------------------------------------------ import of the layouts exporters write

    /** x [N, 4] -> Gemm 4->3 = z -> (the block, z to y) -> Gemm 3->2 = out. */
    private static TestGraphs around(Consumer<TestGraphs> block) {
        TestGraphs g = new TestGraphs(13).input("x", 4).gemm("fc1", "x", "z", 4, 3);
        block.accept(g);
        return g.gemm("fc2", "y", "out", 3, 2).output("out", 2);
    }

    /** A scalar float constant, as an initializer or as a Constant node. */
    private static String scalar(TestGraphs g, String name, float v, boolean constantNode) {
        if (!constantNode) {
            g.floats(name, new float[]{v});
            return name;
        }
        Node c = g.node("Constant", new String[0], name);
        Attribute a = new Attribute();
        a.name = "value";
        a.type = OnnxProto.ATTR_TENSOR;
        a.t = OnnxWriter.floats("", new float[]{v});
        c.attributes.add(a);
        return name;
    }

    /** torch.onnx.export's layout of nn.GELU(): Div(z, sqrt 2) -> Erf -> Add(., 1) -> Mul(z, .) -> Mul(., 0.5). */
    private static void torchGelu(TestGraphs g) {
        g.add("Div", "d", "z", scalar(g, "c0", SQRT2, true));
        g.add("Erf", "e", "d");
        g.add("Add", "a", "e", scalar(g, "c1", 1f, true));
        g.add("Mul", "m", "z", "a");
        g.add("Mul", "y", "m", scalar(g, "c2", 0.5f, true));
    }

    @Test
    void geluLayoutsAllImportAsTheSameModel() throws Exception {
        Mlp reference = OnnxModels.fromBytes(around(OnnxGeluSiluTest::torchGelu).bytes(), "torch").model();
        assertEquals(List.of(Activation.GELU, Activation.LINEAR), activations(reference));
        List<Consumer<TestGraphs>> layouts = List.of(
            g -> { // Mul by 1 / sqrt 2, constant first in Add and both Muls, initializers
                g.add("Mul", "d", scalar(g, "c0", (float) (1 / Math.sqrt(2)), false), "z");
                g.add("Erf", "e", "d");
                g.add("Add", "a", scalar(g, "c1", 1f, false), "e");
                g.add("Mul", "m", "a", "z");
                g.add("Mul", "y", scalar(g, "c2", 0.5f, false), "m");
            },
            g -> { // 0.5 applied to x first (0.5 x) (1 + erf)
                g.add("Mul", "h", "z", scalar(g, "c2", 0.5f, false));
                g.add("Div", "d", "z", scalar(g, "c0", SQRT2, false));
                g.add("Erf", "e", "d");
                g.add("Add", "a", "e", scalar(g, "c1", 1f, false));
                g.add("Mul", "y", "h", "a");
            },
            g -> { // x * ((1 + erf) * 0.5)
                g.add("Div", "d", "z", scalar(g, "c0", SQRT2, true));
                g.add("Erf", "e", "d");
                g.add("Add", "a", "e", scalar(g, "c1", 1f, true));
                g.add("Mul", "q", "a", scalar(g, "c2", 0.5f, true));
                g.add("Mul", "y", "z", "q");
            },
            g -> { // Div by 2 at the end
                g.add("Div", "d", "z", scalar(g, "c0", SQRT2, false));
                g.add("Erf", "e", "d");
                g.add("Add", "a", "e", scalar(g, "c1", 1f, false));
                g.add("Mul", "m", "z", "a");
                g.add("Div", "y", "m", scalar(g, "c2", 2f, false));
            });
        for (Consumer<TestGraphs> layout : layouts) {
            Mlp m = OnnxModels.fromBytes(around(layout).bytes(), "t.onnx").model();
            assertEquals(List.of(Activation.GELU, Activation.LINEAR), activations(m));
            assertArrayEquals(reference.parameters(), m.parameters(), 0f);
        }
    }

    @Test
    void siluImportsInEitherOperandOrderAndTheMappedModelComputesZTimesSigmoidZ() throws Exception {
        for (boolean sigmoidFirst : new boolean[]{false, true}) {
            Mlp m = OnnxModels.fromBytes(around(g -> {
                g.add("Sigmoid", "s", "z");
                g.add("Mul", "y", sigmoidFirst ? "s" : "z", sigmoidFirst ? "z" : "s");
            }).bytes(), "t.onnx").model();
            assertEquals(List.of(Activation.SILU, Activation.LINEAR), activations(m));
        }
        // The SiLU layer as the network's output: its values are z * sigmoid(z) of the Gemm.
        TestGraphs g = new TestGraphs(13).input("x", 4).gemm("fc1", "x", "z", 4, 3);
        g.add("Sigmoid", "s", "z").add("Mul", "y", "z", "s").output("y", 3);
        Mlp m = OnnxModels.fromBytes(g.bytes(), "t.onnx").model();
        float[] x = {0.5f, -1f, 2f, 0.25f};
        float[] y = Predictor.of(m).predict(x);
        for (int o = 0; o < 3; o++) {
            double z = m.bias(0)[o];
            for (int i = 0; i < 4; i++) {
                z += m.weights(0)[o * 4 + i] * x[i];
            }
            assertEquals(z / (1 + Math.exp(-z)), y[o], 1e-6, "output " + o);
        }
    }

    // ------------------------------------------------------------------ refusals

    private static void refused(TestGraphs g, String... fragments) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxModels.fromBytes(g.bytes(), "t.onnx"));
        assertEquals(Reason.INVALID_VALUE, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("(opset 13)"), e.getMessage());
        assertTrue(e.getMessage().contains("supported: Gemm"), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message should contain '" + f + "': " + e.getMessage());
        }
    }

    @Test
    void wrongConstantsAreRefusedNamingTheNode() {
        refused(around(g -> {
            g.add("Div", "d", "z", scalar(g, "c0", 1.5f, false));
            g.add("Erf", "e", "d");
            g.add("Add", "a", "e", scalar(g, "c1", 1f, false));
            g.add("Mul", "m", "z", "a");
            g.add("Mul", "y", "m", scalar(g, "c2", 0.5f, false));
        }), "(Div)", "constant 'c0' is 1.5 where the pattern needs sqrt 2");
        refused(around(g -> {
            g.add("Div", "d", "z", scalar(g, "c0", SQRT2, false));
            g.add("Erf", "e", "d");
            g.add("Add", "a", "e", scalar(g, "c1", 2f, false));
            g.add("Mul", "m", "z", "a");
            g.add("Mul", "y", "m", scalar(g, "c2", 0.5f, false));
        }), "(Add)", "is 2.0 where the pattern needs 1");
        refused(around(g -> {
            g.add("Div", "d", "z", scalar(g, "c0", SQRT2, false));
            g.add("Erf", "e", "d");
            g.add("Add", "a", "e", scalar(g, "c1", 1f, false));
            g.add("Mul", "m", "z", "a");
            g.add("Mul", "y", "m", scalar(g, "c2", 0.25f, false));
        }), "(Mul)", "needs 0.5");
        refused(around(g -> {
            g.floats("c0", new float[]{SQRT2, SQRT2, SQRT2}, 3);
            g.add("Div", "d", "z", "c0");
            g.add("Erf", "e", "d");
            g.add("Add", "a", "e", scalar(g, "c1", 1f, false));
            g.add("Mul", "m", "z", "a");
            g.add("Mul", "y", "m", scalar(g, "c2", 0.5f, false));
        }), "constant 'c0' has shape [3]; the pattern needs the scalar sqrt 2");
        refused(around(g -> {
            g.add("Div", "d", scalar(g, "c0", SQRT2, false), "z");
            g.add("Erf", "e", "d");
            g.add("Add", "a", "e", scalar(g, "c1", 1f, false));
            g.add("Mul", "m", "z", "a");
            g.add("Mul", "y", "m", scalar(g, "c2", 0.5f, false));
        }), "(Div)", "starts with Div(x, sqrt 2)");
    }

    @Test
    void partialOrBranchingPatternsAreRefused() {
        // No 0.5: the product x (1 + erf) is the layer's output, which a Gemm then reads.
        refused(around(g -> {
            g.add("Div", "d", "z", scalar(g, "c0", SQRT2, false));
            g.add("Erf", "e", "d");
            g.add("Add", "a", "e", scalar(g, "c1", 1f, false));
            g.add("Mul", "y", "z", "a");
        }), "(Gemm)", "form the product x * (1 + Erf(x / sqrt 2)) * 0.5");
        // The Erf output also feeds another node.
        refused(around(g -> {
            g.add("Div", "d", "z", scalar(g, "c0", SQRT2, false));
            g.add("Erf", "e", "d");
            g.add("Add", "a", "e", scalar(g, "c1", 1f, false));
            g.add("Relu", "r", "e");
            g.add("Mul", "m", "z", "a");
            g.add("Mul", "y", "m", scalar(g, "c2", 0.5f, false));
        }), "(Erf)");
        // z feeds a third node.
        refused(around(g -> {
            torchGelu(g);
            g.add("Relu", "r", "z");
        }), "(Div)", "feeds 3 nodes");
        // x * x instead of x * (1 + erf).
        refused(around(g -> {
            g.add("Div", "d", "z", scalar(g, "c0", SQRT2, false));
            g.add("Erf", "e", "d");
            g.add("Add", "a", "e", scalar(g, "c1", 1f, false));
            g.add("Mul", "m", "a", "a");
            g.add("Mul", "y", "m", scalar(g, "c2", 0.5f, false));
            g.add("Mul", "unused", "z", scalar(g, "c3", 1f, false));
        }), "(Mul)", "where the pattern needs 0.5");
        // Erf of the layer output itself.
        refused(around(g -> {
            g.add("Erf", "e", "z");
            g.add("Mul", "y", "z", "e");
        }), "(Erf)", "Erf of value 'z' itself");
        // Erf on its own, outside the pattern.
        TestGraphs lone = new TestGraphs(13).input("x", 4).gemm("fc1", "x", "z", 4, 3).add("Erf", "y", "z")
                .output("y", 3);
        refused(lone, "(Erf)", "Erf is read only inside the exact GELU pattern");
        // The pattern on the graph input, before any layer.
        TestGraphs front = new TestGraphs(13).input("z", 3);
        torchGelu(front);
        front.gemm("fc2", "y", "out", 3, 2).output("out", 2);
        refused(front, "an activation before any Gemm/MatMul layer");
        // SiLU whose Mul does not multiply by x, or whose sigmoid is used elsewhere.
        refused(around(g -> {
            g.add("Sigmoid", "s", "z");
            g.add("Mul", "y", "s", scalar(g, "c", 2f, false));
            g.add("Mul", "unused", "z", scalar(g, "c2", 2f, false));
        }), "(Sigmoid)", "SiLU is read as exactly Sigmoid(x) and Mul(x, Sigmoid(x))");
        TestGraphs sig = around(g -> {
            g.add("Sigmoid", "s", "z");
            g.add("Mul", "y", "z", "s");
        });
        sig.output("s", 3);
        refused(sig, "(Sigmoid)", "feeds more than the Mul(x, Sigmoid(x)) of SiLU");
    }

    @Test
    void tanhApproximationOfGeluIsRefusedClearly() {
        // torch.onnx.export of nn.GELU(approximate='tanh') (opset 13), node for node.
        TestGraphs g = around(t -> {
            t.add("Mul", "sq", "z", "z");
            t.add("Mul", "cube", "z", "sq");
            t.add("Mul", "k", scalar(t, "c0", 0.044715f, true), "cube");
            t.add("Add", "inner", "z", "k");
            t.add("Mul", "arg", scalar(t, "c1", 0.7978846f, true), "inner");
            t.add("Tanh", "th", "arg");
            t.add("Add", "a", scalar(t, "c2", 1f, true), "th");
            t.add("Mul", "m", "z", "a");
            t.add("Mul", "y", scalar(t, "c3", 0.5f, true), "m");
        });
        refused(g, "(Tanh)", "GELU's tanh approximation", "approximate='tanh'", "vecmlp's GELU is the exact erf form");
    }

    private static List<Activation> activations(Mlp m) {
        List<Activation> a = new ArrayList<>();
        for (Dense d : m.layers()) {
            a.add(d.activation());
        }
        return a;
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int k = 0; k < v.length; k++) {
            b[k] = Float.floatToRawIntBits(v[k]);
        }
        return b;
    }
}
