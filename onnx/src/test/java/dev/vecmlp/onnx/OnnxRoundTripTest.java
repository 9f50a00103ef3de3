package dev.vecmlp.onnx;

import dev.vecmlp.data.InputScaling;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Round trips that must be exact: ONNX -> vecmlp -> ONNX keeps every float32 weight bit for
 * bit (Gemm transB=1 as stored, MatMul's [in, out] matrices transposed), and vecmlp -> ONNX ->
 * vecmlp gives back the same architecture, loss, weights and input scaling.
 */
class OnnxRoundTripTest {
    @ParameterizedTest
    @ValueSource(strings = {"torch_gemm_relu_softmax", "torch_flatten_tanh_sigmoid", "torch_deep_linear_output",
            "keras_matmul_add_softmax", "sklearn_mlp_classifier", "sklearn_mlp_regressor",
            "torch_gemm_gelu", "torch_gemm_silu", "torch_matmul_gelu_silu"})
    void onnxToVecmlpToOnnxKeepsTheWeightsBitIdentical(String name) throws Exception {
        byte[] original = OnnxFixtureTest.bytes(name + ".onnx");
        OnnxProto.Model source = OnnxProto.parseModel(original, name);
        Mlp model = OnnxModels.importModel(original);
        OnnxProto.Model exported = OnnxProto.parseModel(OnnxModels.toBytes(model, Map.of()), "exported");
        int layer = 0;
        for (OnnxProto.Node n : source.graph.nodes) {
            boolean gemm = n.opType.equals("Gemm");
            if (!gemm && !n.opType.equals("MatMul")) {
                continue;
            }
            float[] w = OnnxFixtureTest.initializer(source, n.inputs.get(1));
            float[] again = OnnxFixtureTest.initializer(exported, "layer" + layer + ".weight");
            int out = model.layer(layer).outputs();
            int in = model.layer(layer).inputs();
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    float expected = gemm ? w[o * in + i] : w[i * out + o];
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(again[o * in + i]),
                            name + " layer " + layer + " weight [" + o + ", " + i + "]");
                }
            }
            layer++;
        }
        assertEquals(model.layerCount(), layer);
        for (int l = 0; l < model.layerCount(); l++) {
            assertArrayEquals(model.bias(l), OnnxFixtureTest.initializer(exported, "layer" + l + ".bias"), 0f);
        }
    }

    @Test
    void vecmlpToOnnxToVecmlpGivesTheSameModel(@TempDir Path dir) throws Exception {
        for (Loss loss : Loss.values()) {
            // MSE with a sigmoid output: the loss must come back from metadata, not from the default.
            Activation out = loss == Loss.CROSS_ENTROPY ? Activation.SOFTMAX : Activation.SIGMOID;
            for (Activation hidden : new Activation[]{Activation.LINEAR, Activation.RELU, Activation.SIGMOID, Activation.TANH}) {
                Mlp model = Mlp.builder(6).hidden(5, hidden).output(3, out).loss(loss).seed(hidden.ordinal()).build();
                model.setInputScaling(new InputScaling(new float[]{1, 2, 3, 4, 5, 6.5f},
                        new float[]{0.5f, 0.25f, 2, 3, 1, 0.1f}));
                Path file = dir.resolve(loss + "-" + hidden + ".onnx");
                OnnxModels.export(model, Map.of("name", "rt"), file);
                OnnxImport back = OnnxModels.read(file);
                Mlp again = back.model();
                assertEquals(model.toString(), again.toString());
                assertEquals(loss, again.loss());
                assertArrayEquals(model.parameters(), again.parameters(), 0f);
                assertEquals(model.inputScaling(), again.inputScaling());
                assertEquals("rt", back.metadata().get("name"));
                assertEquals("vecmlp", back.metadata().get("onnx.producer").split(" ")[0]);
                assertArrayEquals(again.parameters(),
                        OnnxModels.importModel(new ByteArrayInputStream(Files.readAllBytes(file))).parameters(), 0f);
            }
        }
    }

    @Test
    void exportIsAtomicAndLeavesNoTemporaryFiles(@TempDir Path dir) throws Exception {
        Mlp model = Mlp.builder(2).output(1, Activation.SIGMOID).seed(1).build();
        Path file = dir.resolve("m.onnx");
        Files.writeString(file, "old");
        OnnxModels.export(model, file);
        assertEquals(1, OnnxModels.importModel(file).outputWidth());
        try (var listing = Files.list(dir)) {
            assertFalse(listing.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }
}
