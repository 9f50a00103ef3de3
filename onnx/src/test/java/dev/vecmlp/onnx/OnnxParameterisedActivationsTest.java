package dev.vecmlp.onnx;

import dev.vecmlp.inference.Predictor;
import dev.vecmlp.io.ModelFormatException;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Dense;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The activations added after the first ONNX release: LeakyRelu and Elu (with their alpha),
 * Softplus and exact Gelu are imported; the first three are also exported (GELU and SiLU, which
 * opset 13 writes as several nodes, are tested in {@link OnnxGeluSiluTest}).
 */
class OnnxParameterisedActivationsTest {

    private static Mlp model() {
        return Mlp.builder(11)
                .hidden(9, Activation.LEAKY_RELU, 0.2)
                .hidden(8, Activation.ELU, 0.5)
                .hidden(7, Activation.SOFTPLUS)
                .output(4, Activation.SOFTMAX)
                .seed(5).build();
    }

    @Test
    void exportRunsInOnnxRuntimeAndReimportsBitIdentical(@TempDir Path dir) throws Exception {
        Mlp model = model();
        Path file = dir.resolve("m.onnx");
        OnnxModels.export(model, Map.of(), file);
        SplittableRandom random = new SplittableRandom(3);
        int rows = 21;
        float[] x = new float[rows * 11];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) random.nextDouble(-4, 4);
        }
        float[] expected = Predictor.of(model).predictBatch(x);
        float[] actual = OnnxExportRuntimeTest.runOnnx(Files.readAllBytes(file), x, rows, 11);
        OnnxExportRuntimeTest.assertClose(expected, actual, 1e-6 * 12);

        Mlp back = OnnxModels.importModel(file);
        assertEquals(model.layerCount(), back.layerCount());
        for (int l = 0; l < model.layerCount(); l++) {
            Dense a = model.layers().get(l);
            Dense b = back.layers().get(l);
            assertEquals(a.activation(), b.activation(), "layer " + l);
            assertEquals(a.activationParameter(), b.activationParameter(), "layer " + l);
            assertArrayEquals(model.weights(l), back.weights(l), "layer " + l);
            assertArrayEquals(model.bias(l), back.bias(l), "layer " + l);
        }
        assertArrayEquals(expected, Predictor.of(back).predictBatch(x));
    }

    @Test
    void leakyReluWithoutAlphaTakesTheOnnxDefault() throws Exception {
        TestGraphs g = new TestGraphs(13).input("x", 4).gemm("fc1", "x", "z", 4, 3).add("LeakyRelu", "y", "z")
                .output("y", 3);
        Mlp m = OnnxModels.fromBytes(g.bytes(), "t.onnx").model();
        assertEquals(Activation.LEAKY_RELU, m.layers().get(0).activation());
        assertEquals(0.01f, m.layers().get(0).activationParameter());
    }

    @Test
    void exactGeluIsImportedAndTheTanhApproximationRefused() throws Exception {
        TestGraphs exact = new TestGraphs(20).input("x", 4).gemm("fc1", "x", "z", 4, 3);
        exact.node("Gelu", new String[]{"z"}, "y");
        exact.output("y", 3);
        Mlp m = OnnxModels.fromBytes(exact.bytes(), "t.onnx").model();
        assertEquals(Activation.GELU, m.layers().get(0).activation());

        TestGraphs tanh = new TestGraphs(20).input("x", 4).gemm("fc1", "x", "z", 4, 3);
        tanh.node("Gelu", new String[]{"z"}, "y", "approximate", "tanh");
        tanh.output("y", 3);
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> OnnxModels.fromBytes(tanh.bytes(), "t.onnx"));
        assertTrue(e.getMessage().contains("approximate='tanh'"), e.getMessage());
    }
}
