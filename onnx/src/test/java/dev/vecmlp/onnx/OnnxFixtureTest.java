package dev.vecmlp.onnx;

import dev.vecmlp.inference.Predictor;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Dense;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed fixtures (made by {@code tools/make_onnx_fixtures.py}: PyTorch 1.13's
 * {@code torch.onnx.export}, a tf2onnx-style Keras graph and skl2onnx-style scikit-learn graphs,
 * each checked by onnx 1.12's checker) import, and vecmlp reproduces the recorded outputs.
 * Tolerance: {@code 1e-6 * (largest fan-in + 1) * max(1, |expected|)} (float32 sums in another
 * order; 2e-5 for the widest layer here), plus 1e-6 for the folded batch normalisations and
 * preprocessing, which change the rounding.
 */
class OnnxFixtureTest {
    static final String[] FIXTURES = {"torch_gemm_relu_softmax", "torch_flatten_tanh_sigmoid",
            "torch_standardize_batchnorm", "torch_deep_linear_output", "keras_matmul_add_softmax",
            "sklearn_mlp_classifier", "sklearn_mlp_binary", "sklearn_mlp_regressor", "typed_gemm_alpha_beta",
            "torch_gemm_gelu", "torch_gemm_silu", "torch_matmul_gelu_silu"};

    @ParameterizedTest
    @ValueSource(strings = {"torch_gemm_relu_softmax", "torch_flatten_tanh_sigmoid",
            "torch_standardize_batchnorm", "torch_deep_linear_output", "keras_matmul_add_softmax",
            "sklearn_mlp_classifier", "sklearn_mlp_binary", "sklearn_mlp_regressor", "typed_gemm_alpha_beta",
            "torch_gemm_gelu", "torch_gemm_silu", "torch_matmul_gelu_silu"})
    void vecmlpReproducesTheRecordedOutputs(String name) throws IOException {
        OnnxImport imported = OnnxModels.fromBytes(bytes(name + ".onnx"), name);
        Record record = Record.load(name + ".txt");
        Mlp model = imported.model();
        Predictor predictor = Predictor.of(model);
        assertEquals(record.outputCols, predictor.outputWidth(), name + ": output width");
        float[] actual = predictor.predictBatch(record.input);
        int fanIn = 0;
        for (Dense d : model.layers()) {
            fanIn = Math.max(fanIn, d.inputs());
        }
        OnnxExportRuntimeTest.assertClose(record.output, actual, 1e-6 * (fanIn + 1) + 1e-6);
        if (record.labels != null) {
            int rows = record.input.length / predictor.inputWidth();
            int[] classes = new int[rows];
            predictor.predictClasses(record.input, 0, rows, classes, 0);
            String[] names = imported.metadata().get("onnx.classes").split(",");
            for (int r = 0; r < rows; r++) {
                assertEquals(Long.toString(record.labels[r]), names[classes[r]], name + ": label of row " + r);
            }
        }
    }

    @Test
    void torchGeluAndSiluExportsMapOntoVecmlpActivations() throws IOException {
        assertEquals(List.of(Activation.GELU, Activation.GELU, Activation.SOFTMAX),
                activations(OnnxModels.importModel(bytes("torch_gemm_gelu.onnx"))));
        assertEquals(List.of(Activation.SILU, Activation.SILU),
                activations(OnnxModels.importModel(bytes("torch_gemm_silu.onnx"))));
        assertEquals(List.of(Activation.GELU, Activation.SILU, Activation.LINEAR),
                activations(OnnxModels.importModel(bytes("torch_matmul_gelu_silu.onnx"))));
        dev.vecmlp.io.ModelFormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.vecmlp.io.ModelFormatException.class,
                () -> OnnxModels.fromBytes(bytes("torch_gelu_tanh_refused.onnx"), "tanh.onnx"));
        assertTrue(e.getMessage().contains("tanh.onnx: node '/1/Tanh' (Tanh) (opset 13)"), e.getMessage());
        assertTrue(e.getMessage().contains("approximate='tanh'"), e.getMessage());
    }

    private static List<Activation> activations(Mlp m) {
        List<Activation> a = new ArrayList<>();
        for (Dense d : m.layers()) {
            a.add(d.activation());
        }
        return a;
    }

    @Test
    void torchExportKeepsItsArchitectureAndMetadata() throws IOException {
        OnnxImport imported = OnnxModels.fromBytes(bytes("torch_gemm_relu_softmax.onnx"), "torch");
        Mlp model = imported.model();
        assertEquals(6, model.inputWidth());
        assertEquals(List.of(Activation.RELU, Activation.SOFTMAX),
                List.of(model.layer(0).activation(), model.layer(1).activation()));
        assertTrue(imported.metadata().get("onnx.producer").startsWith("pytorch 1.13"), imported.metadata().toString());
        assertEquals("13", imported.metadata().get("onnx.opset"));
        assertEquals("x", imported.metadata().get("onnx.input"));
        assertEquals("y", imported.metadata().get("onnx.output"));
    }

    @Test
    void foldedPreprocessingAndBatchNormAreNoted() throws IOException {
        OnnxImport imported = OnnxModels.fromBytes(bytes("torch_standardize_batchnorm.onnx"), "bn");
        assertNotNull(imported.model().inputScaling(), "Sub/Div at the front become the input scaling");
        String notes = String.join("\n", imported.notes());
        assertTrue(notes.contains("input scaling"), notes);
        assertTrue(notes.contains("BatchNormalization"), notes);
        assertEquals(2, imported.model().layerCount(), "both batch normalisations fold into the two Gemms");
    }

    @Test
    void scikitLearnBinaryClassifierBecomesATwoClassSoftmax() throws IOException {
        OnnxImport imported = OnnxModels.fromBytes(bytes("sklearn_mlp_binary.onnx"), "binary");
        Mlp model = imported.model();
        assertEquals(2, model.outputWidth());
        assertEquals(Activation.SOFTMAX, model.layer(model.layerCount() - 1).activation());
        assertEquals("label", imported.metadata().get("onnx.label_output"));
        assertEquals("output_probability", imported.metadata().get("onnx.map_output"));
        assertEquals("0,1", imported.metadata().get("onnx.classes"));
    }

    @Test
    void float32WeightsArriveBitForBit() throws IOException {
        // Gemm transB=1 (torch): weights as stored; MatMul (keras): the [in, out] matrix transposed.
        Mlp torch = OnnxModels.importModel(bytes("torch_gemm_relu_softmax.onnx"));
        OnnxProto.Model raw = OnnxProto.parseModel(bytes("torch_gemm_relu_softmax.onnx"), "torch");
        List<float[]> gemmWeights = new ArrayList<>();
        for (OnnxProto.Node n : raw.graph.nodes) {
            if (n.opType.equals("Gemm")) {
                gemmWeights.add(initializer(raw, n.inputs.get(1)));
            }
        }
        assertEquals(2, gemmWeights.size());
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(gemmWeights.get(l), torch.weights(l), 0f, "layer " + l);
        }
    }

    static float[] initializer(OnnxProto.Model m, String name) {
        for (OnnxProto.Tensor t : m.graph.initializers) {
            if (t.name.equals(name)) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(t.rawData).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                float[] v = new float[t.rawData.length / 4];
                b.asFloatBuffer().get(v);
                return v;
            }
        }
        throw new AssertionError("no initializer " + name);
    }

    static byte[] bytes(String resource) throws IOException {
        try (InputStream in = OnnxFixtureTest.class.getResourceAsStream("/onnx/" + resource)) {
            assertNotNull(in, "test resource /onnx/" + resource);
            return in.readAllBytes();
        }
    }

    /** A fixture's recorded inputs and outputs (see tools/make_onnx_fixtures.py). */
    static final class Record {
        float[] input;
        float[] output;
        int outputCols;
        long[] labels;

        static Record load(String resource) throws IOException {
            String[] lines = new String(bytes(resource), StandardCharsets.UTF_8).split("\n");
            Record r = new Record();
            r.input = floats(lines[1]);
            String[] outShape = lines[2].trim().split(" ");
            r.outputCols = outShape.length > 2 ? Integer.parseInt(outShape[2]) : 1;
            r.output = floats(lines[3]);
            if (lines.length > 5 && lines[4].startsWith("labels")) {
                String[] p = lines[5].trim().split(" ");
                r.labels = new long[p.length];
                for (int k = 0; k < p.length; k++) {
                    r.labels[k] = Long.parseLong(p[k]);
                }
            }
            return r;
        }

        private static float[] floats(String line) {
            String[] p = line.trim().split(" ");
            float[] v = new float[p.length];
            for (int k = 0; k < p.length; k++) {
                v[k] = Float.parseFloat(p[k]);
            }
            return v;
        }
    }
}
