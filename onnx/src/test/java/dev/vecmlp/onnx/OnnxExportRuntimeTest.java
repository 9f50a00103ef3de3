package dev.vecmlp.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vecmlp.data.InputScaling;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * vecmlp model -> ONNX file -> ONNX Runtime (Java) gives the vecmlp {@link Predictor}'s outputs
 * on random inputs, for every activation on hidden and output layers and every loss, with and
 * without input scaling. Tolerance: {@code 1e-6 * (fan-in + 1)} relative to the output's
 * magnitude (float32 sums of that length in a different order).
 */
class OnnxExportRuntimeTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of(Activation.RELU, Activation.SOFTMAX, Loss.CROSS_ENTROPY, false),
                Arguments.of(Activation.TANH, Activation.SIGMOID, Loss.BINARY_CROSS_ENTROPY, true),
                Arguments.of(Activation.SIGMOID, Activation.LINEAR, Loss.MSE, true),
                Arguments.of(Activation.LINEAR, Activation.TANH, Loss.MSE, false),
                Arguments.of(Activation.RELU, Activation.RELU, Loss.MSE, true),
                Arguments.of(Activation.TANH, Activation.SIGMOID, Loss.MSE, false),
                Arguments.of(Activation.SIGMOID, Activation.SOFTMAX, Loss.CROSS_ENTROPY, true));
    }

    @ParameterizedTest(name = "{0} hidden, {1} output, {2}, scaling {3}")
    @MethodSource("models")
    void onnxRuntimeMatchesThePredictor(Activation hidden, Activation output, Loss loss, boolean scaling,
                                        @TempDir Path dir) throws Exception {
        Mlp model = Mlp.builder(13).hidden(17, hidden).hidden(9, hidden).output(output == Activation.SIGMOID
                        && loss == Loss.BINARY_CROSS_ENTROPY ? 1 : 5, output)
                .loss(loss).seed(hidden.ordinal() * 31L + output.ordinal()).build();
        SplittableRandom random = new SplittableRandom(7);
        if (scaling) {
            float[] shift = new float[13];
            float[] scale = new float[13];
            for (int j = 0; j < 13; j++) {
                shift[j] = (float) random.nextDouble(-2, 2);
                scale[j] = (float) random.nextDouble(0.1, 3);
            }
            model.setInputScaling(new InputScaling(shift, scale));
        }
        Path file = dir.resolve("model.onnx");
        OnnxModels.export(model, Map.of("name", "test"), file);
        int rows = 37;
        float[] x = new float[rows * 13];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) random.nextDouble(-3, 3);
        }
        Predictor predictor = Predictor.of(model);
        float[] expected = predictor.predictBatch(x);
        float[] actual = runOnnx(Files.readAllBytes(file), x, rows, 13);
        assertClose(expected, actual, 1e-6 * 18);
    }

    @Test
    void batchOfOneAndLargeBatchesRunWithTheSymbolicBatchDimension() throws Exception {
        Mlp model = Mlp.builder(4).hidden(3, Activation.RELU).output(2, Activation.SOFTMAX).seed(3).build();
        byte[] onnx = OnnxModels.toBytes(model, Map.of());
        Predictor predictor = Predictor.of(model);
        for (int rows : new int[]{1, 300}) {
            float[] x = new float[rows * 4];
            for (int k = 0; k < x.length; k++) {
                x[k] = (k % 7) - 3;
            }
            assertClose(predictor.predictBatch(x), runOnnx(onnx, x, rows, 4), 1e-5);
        }
    }

    static float[] runOnnx(byte[] onnx, float[] x, int rows, int width) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = ENV.createSession(onnx, options);
                 OnnxTensor input = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x), new long[]{rows, width});
                 OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
                float[][] out = (float[][]) result.get(0).getValue();
                float[] flat = new float[rows * out[0].length];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(out[r], 0, flat, r * out[r].length, out[r].length);
                }
                return flat;
            }
        }
    }

    static void assertClose(float[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, "output length");
        for (int k = 0; k < expected.length; k++) {
            double tol = tolerance * Math.max(1, Math.abs(expected[k]));
            assertTrue(Math.abs(expected[k] - actual[k]) <= tol, "output " + k + ": expected " + expected[k]
                    + ", found " + actual[k] + " (tolerance " + tol + ")");
        }
    }
}
