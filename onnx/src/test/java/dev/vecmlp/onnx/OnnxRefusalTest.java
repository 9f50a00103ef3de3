package dev.vecmlp.onnx;

import dev.vecmlp.io.ModelFormatException;
import dev.vecmlp.io.ModelFormatException.Reason;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every graph the importer cannot map onto an MLP is refused with a message that names the problem. */
class OnnxRefusalTest {
    /** x [N, 4] -> Gemm 4->3 -> (what the test adds) ; the test names the output. */
    private static TestGraphs dense() {
        return new TestGraphs(13).input("x", 4).gemm("fc1", "x", "z", 4, 3);
    }

    private static ModelFormatException refused(TestGraphs g, Reason reason, String... fragments) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxModels.fromBytes(g.bytes(), "t.onnx"));
        assertEquals(reason, e.reason(), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message should contain '" + f + "': " + e.getMessage());
        }
        assertTrue(e.getMessage().startsWith(reason + ": t.onnx: "), e.getMessage());
        return e;
    }

    @Test
    void activationsVecmlpDoesNotHave() {
        for (String op : new String[]{"Selu", "Softsign", "LogSoftmax", "HardSigmoid"}) {
            TestGraphs g = dense().add(op, "y", "z").output("y", 3);
            refused(g, Reason.INVALID_VALUE, "(" + op + ")", "vecmlp has no " + op + " activation", "opset 13",
                    "supported: Gemm");
        }
    }

    @Test
    void unknownOperators() {
        refused(dense().add("Conv", "y", "z").output("y", 3), Reason.INVALID_VALUE, "node 'conv1' (Conv)",
                "no counterpart in a vecmlp MLP");
        TestGraphs g = dense();
        g.node("Relu", new String[]{"z"}, "y").domain = "com.microsoft";
        g.output("y", 3);
        refused(g, Reason.INVALID_VALUE, "domain 'com.microsoft'");
    }

    @Test
    void versions() {
        TestGraphs old = dense().output("z", 3);
        old.model.irVersion = 2;
        refused(old, Reason.UNSUPPORTED_VERSION, "IR version 2", "IR versions 3 to 11");
        refused(new TestGraphs(6).input("x", 4).gemm("fc1", "x", "z", 4, 3).output("z", 3),
                Reason.UNSUPPORTED_VERSION, "opset 6", "opsets 7 to 22");
        refused(new TestGraphs(23).input("x", 4).gemm("fc1", "x", "z", 4, 3).output("z", 3),
                Reason.UNSUPPORTED_VERSION, "opset 23");
    }

    @Test
    void inputs() {
        TestGraphs two = dense().output("z", 3);
        two.input("mask", 4);
        refused(two, Reason.BAD_SHAPE, "2 data inputs [x, mask]");
        TestGraphs ints = new TestGraphs(13);
        ints.graph.inputs.add(TestGraphs.value("x", OnnxProto.INT64, 4));
        ints.gemm("fc1", "x", "z", 4, 3).output("z", 3);
        refused(ints, Reason.UNSUPPORTED_DTYPE, "input 'x' is a int64 tensor", "float32");
    }

    @Test
    void shapes() {
        refused(new TestGraphs(13).input("x", 5).gemm("fc1", "x", "z", 4, 3).output("z", 3), Reason.BAD_SHAPE,
                "weights for 4 inputs and 3 outputs, but its input has 5 features");
        refused(dense().output("z", 2), Reason.BAD_SHAPE, "output 'z' is declared with shape [N, 2]",
                "the network gives [N, 3]");
        refused(new TestGraphs(13).input("x", 1, 2, 2).gemm("fc1", "x", "z", 4, 3).output("z", 3),
                Reason.INVALID_VALUE, "[N, 1, 2, 2]", "Flatten(axis=1)");
        refused(dense().add("Relu", "y", "z").output("nowhere", 3), Reason.BAD_SHAPE,
                "graph output 'nowhere' is not produced by the network");
    }

    @Test
    void branchesAndOrder() {
        TestGraphs residual = dense().add("Relu", "a", "z");
        residual.gemm("fc2", "a", "b", 3, 3).add("Add", "y", "a", "b").output("y", 3);
        refused(residual, Reason.INVALID_VALUE, "value 'a' feeds 2 nodes", "single chain");
        refused(dense().add("Relu", "a", "z").add("Sigmoid", "y", "a").output("y", 3), Reason.INVALID_VALUE,
                "(Sigmoid)", "already has activation RELU");
        refused(new TestGraphs(13).input("x", 4).add("Relu", "a", "x").gemm("fc1", "a", "y", 4, 3).output("y", 3),
                Reason.INVALID_VALUE, "activation before any Gemm/MatMul layer");
        TestGraphs hiddenSoftmax = dense();
        hiddenSoftmax.node("Softmax", new String[]{"z"}, "a", "axis", -1L);
        hiddenSoftmax.gemm("fc2", "a", "y", 3, 2).output("y", 2);
        refused(hiddenSoftmax, Reason.INVALID_VALUE, "follows a Softmax", "only on the output layer");
        TestGraphs axis0 = dense();
        axis0.node("Softmax", new String[]{"z"}, "y", "axis", 0L);
        refused(axis0.output("y", 3), Reason.INVALID_VALUE, "Softmax axis 0");
        TestGraphs dangling = dense().output("z", 3);
        dangling.add("Relu", "unused", "x2");
        refused(dangling, Reason.INVALID_VALUE, "(Relu)", "not on the chain");
        TestGraphs after = dense().add("Relu", "a", "z");
        after.floats("k", new float[]{1, 2, 3}, 3).add("Add", "y", "a", "k").output("y", 3);
        refused(after, Reason.INVALID_VALUE, "(Add)", "after the last layer's activation");
    }

    @Test
    void layerForms() {
        TestGraphs transA = new TestGraphs(13).input("x", 4);
        transA.floats("w", new float[12], 3, 4);
        transA.node("Gemm", new String[]{"x", "w"}, "y", "transA", 1L, "transB", 1L);
        refused(transA.output("y", 3), Reason.INVALID_VALUE, "transA = 1");
        TestGraphs computed = new TestGraphs(13).input("x", 4);
        computed.floats("w0", new float[12], 3, 4).add("Identity", "w", "w0");
        computed.node("Gemm", new String[]{"x", "w"}, "y", "transB", 1L);
        refused(computed.output("y", 3), Reason.INVALID_VALUE, "computed at run time");
        TestGraphs view = new TestGraphs(13).input("x", 2, 2).add("Shape", "s", "x").add("Reshape", "f", "x", "s");
        view.gemm("fc1", "f", "y", 4, 3).output("y", 3);
        refused(view, Reason.INVALID_VALUE, "nn.Flatten");
        TestGraphs mask = dense();
        mask.node("Dropout", new String[]{"z"}, "y").outputs.add("m");
        mask.output("y", 3).output("m", 3);
        refused(mask, Reason.INVALID_VALUE, "mask output 'm' is used");
        TestGraphs divZero = new TestGraphs(13).input("x", 4).floats("d", new float[]{1, 0, 1, 1}, 4)
                .add("Div", "s", "x", "d").gemm("fc1", "s", "y", 4, 3).output("y", 3);
        refused(divZero, Reason.INVALID_VALUE, "division by zero at feature 1");
        TestGraphs runtimeOperand = new TestGraphs(13).input("x", 4).add("Mul", "s", "x", "x")
                .gemm("fc1", "s", "y", 4, 3).output("y", 3);
        refused(runtimeOperand, Reason.INVALID_VALUE, "only a constant operand");
    }

    @Test
    void tensors() {
        TestGraphs int8 = new TestGraphs(13).input("x", 2).raw("w", OnnxProto.INT8, new byte[4], 2, 2);
        int8.floats("b", new float[2], 2).node("Gemm", new String[]{"x", "w", "b"}, "y", "transB", 1L);
        refused(int8.output("y", 2), Reason.UNSUPPORTED_DTYPE, "tensor 'w'", "is int8");
        TestGraphs shortRaw = new TestGraphs(13).input("x", 2).raw("w", OnnxProto.FLOAT, new byte[12], 2, 2);
        shortRaw.node("Gemm", new String[]{"x", "w"}, "y", "transB", 1L);
        refused(shortRaw.output("y", 2), Reason.BAD_SHAPE, "dims [2, 2] (4 values of 4 bytes) but 12 bytes");
        // Claims that no data backs are refused before anything of their size is allocated.
        TestGraphs emptyHuge = new TestGraphs(13).inputOfUnknownShape("x").raw("w", OnnxProto.FLOAT, new byte[0], Integer.MAX_VALUE - 1, 0);
        emptyHuge.node("Gemm", new String[]{"x", "w"}, "y", "transB", 1L);
        refused(emptyHuge.output("y"), Reason.BAD_SHAPE, "expected positive dims");
        TestGraphs wideReshape = new TestGraphs(13).inputOfUnknownShape("x").longs("shape", -1, Integer.MAX_VALUE - 1)
                .add("Reshape", "r", "x", "shape").floats("k", new float[]{2f}).add("Mul", "m", "r", "k")
                .floats("s", new float[]{1f}).floats("b0", new float[]{0f});
        wideReshape.node("BatchNormalization", new String[]{"m", "s", "b0", "b0", "s"}, "y");
        // Scalars over the claimed 2^31 - 2 features stay scalars (nothing that wide is allocated); no layer follows.
        refused(wideReshape.output("y"), Reason.MISSING_SECTION, "no Gemm or MatMul with constant weights");
        float[] w = new float[12];
        w[5] = Float.NaN;
        TestGraphs nan = new TestGraphs(13).input("x", 4).floats("w", w, 3, 4);
        nan.node("Gemm", new String[]{"x", "w"}, "y", "transB", 1L);
        refused(nan.output("y", 3), Reason.INVALID_VALUE, "non-finite weight (NaN)");
    }

    @Test
    void notOnnxAtAll() {
        ModelFormatException text = assertThrows(ModelFormatException.class,
                () -> OnnxModels.importModel("hello, this is not a model".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(text.getMessage().contains("ONNX"), text.getMessage());
        TestGraphs noGraph = dense();
        noGraph.model.graph = null;
        refused(noGraph, Reason.NOT_A_MODEL_FILE, "has no graph");
        byte[] good = dense().output("z", 3).bytes();
        byte[] cut = Arrays.copyOf(good, good.length - 7);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxModels.importModel(cut));
        assertEquals(Reason.TRUNCATED, e.reason(), e.getMessage());
    }

    @Test
    void conversionsAreExactOrNoted() throws Exception {
        // float16 (exact), float64 (rounded) and bfloat16 weights all arrive as float32.
        float[] w = {0.5f, -1.25f, 3f, 0.099975586f, 65504f, -0.000061035156f};
        ByteBuffer half = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        for (short h : new short[]{0x3800, (short) 0xbd00, 0x4200, 0x2e66, 0x7bff, (short) 0x8400}) {
            half.putShort(h);
        }
        ByteBuffer dbl = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : w) {
            dbl.putDouble(v);
        }
        ByteBuffer bf = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[]{0.5f, -1.25f, 3f, 0.25f, 1024f, -2f}) {
            bf.putShort((short) (Float.floatToIntBits(v) >>> 16));
        }
        Object[][] cases = {{OnnxProto.FLOAT16, half.array(), w, "float16 converted to float32 (exactly)"},
                {OnnxProto.DOUBLE, dbl.array(), w, "float64 converted to float32"},
                {OnnxProto.BFLOAT16, bf.array(), new float[]{0.5f, -1.25f, 3f, 0.25f, 1024f, -2f}, "bfloat16"}};
        for (Object[] c : cases) {
            TestGraphs g = new TestGraphs(13).input("x", 3).raw("w", (Integer) c[0], (byte[]) c[1], 2, 3);
            g.node("Gemm", new String[]{"x", "w"}, "y", "transB", 1L);
            OnnxImport imported = OnnxModels.fromBytes(g.output("y", 2).bytes(), "conv");
            assertArrayEquals((float[]) c[2], imported.model().weights(0), 0f, (String) c[3]);
            assertTrue(String.join("\n", imported.notes()).contains((String) c[3]), imported.notes().toString());
        }
    }

    @Test
    void frontPreprocessingFoldsIntoTheInputScaling() throws Exception {
        // ((x - 2) / 4) * 3 + 1 -> (x - (2 - 4/3)) * 0.75
        TestGraphs g = new TestGraphs(13).input("x", 2).floats("m", new float[]{2, 2}, 2).floats("s", new float[]{4}, 1)
                .floats("k", new float[]{3}).floats("one", new float[]{1})
                .add("Sub", "a", "x", "m").add("Div", "b", "a", "s").add("Mul", "c", "b", "k").add("Add", "d", "c", "one")
                .gemm("fc1", "d", "y", 2, 2).output("y", 2);
        Mlp model = OnnxModels.importModel(g.bytes());
        float[] x = {5, -1};
        float[] expectedInput = {(5 - 2) / 4f * 3 + 1, (-1 - 2) / 4f * 3 + 1};
        float[] scaled = model.inputScaling().applied(x);
        assertArrayEquals(expectedInput, scaled, 1e-6f);
    }

}
