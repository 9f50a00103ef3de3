package dev.vecmlp.onnx;

import dev.vecmlp.inference.Predictor;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's ONNX snippet, as written there. */
class OnnxReadmeTest {
    @Test
    void readmeSnippetRuns(@TempDir Path dir) throws Exception {
        Path onnxFile = dir.resolve("net.onnx");
        Files.write(onnxFile, OnnxFixtureTest.bytes("torch_gemm_relu_softmax.onnx"));
        Path exportFile = dir.resolve("xor.onnx");
        Mlp model = Mlp.builder(2).hidden(8, Activation.TANH).output(2, Activation.SOFTMAX).seed(42).build();

        Mlp imported = OnnxModels.importModel(onnxFile);              // Gemm/MatMul layers, activations, preprocessing
        Predictor fromOnnx = Predictor.of(imported);
        OnnxImport details = OnnxModels.read(onnxFile);               // + metadata (producer, opset, class labels) and notes
        OnnxModels.export(model, Map.of("name", "xor"), exportFile);  // opset 13, input [N, in] -> output [N, out], atomic

        assertEquals(5, fromOnnx.outputWidth());
        assertEquals("13", details.metadata().get("onnx.opset"));
        assertArrayEquals(model.parameters(), OnnxModels.importModel(exportFile).parameters(), 0f);
        assertEquals("xor", OnnxModels.read(exportFile).metadata().get("name"));
    }
}
