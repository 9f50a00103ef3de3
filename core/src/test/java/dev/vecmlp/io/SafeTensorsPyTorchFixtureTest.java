package dev.vecmlp.io;

import dev.vecmlp.inference.Predictor;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.vecmlp.io.ModelFilesTest.assertSameModel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Models trained in PyTorch (fixtures made by tools/make_safetensors_fixture.py with Debian's
 * python3-torch, committed with PyTorch's outputs on fixed inputs) import into vecmlp and
 * predict what PyTorch predicted; exported models import back bit for bit.
 */
class SafeTensorsPyTorchFixtureTest {
    private static final String DIR = "dev/vecmlp/io/pytorch/";

    @TempDir
    Path tmp;

    static Path resourcePath(String name) throws URISyntaxException {
        java.net.URL url = SafeTensorsPyTorchFixtureTest.class.getClassLoader().getResource(name);
        assertNotNull(url, name);
        return Path.of(url.toURI());
    }

    /** The fixture's recorded inputs, logits and outputs. */
    record Expected(List<String> layers, List<float[]> inputs, List<float[]> logits, List<float[]> outputs) {
    }

    static Expected expected(String name) throws IOException {
        byte[] bytes;
        try (InputStream in = SafeTensorsPyTorchFixtureTest.class.getClassLoader().getResourceAsStream(DIR + name)) {
            assertNotNull(in, name);
            bytes = in.readAllBytes();
        }
        Map<?, ?> json = (Map<?, ?>) Json.parse(new String(bytes, StandardCharsets.UTF_8), name);
        List<String> layers = new ArrayList<>();
        for (Object o : (List<?>) json.get("layers")) {
            layers.add((String) o);
        }
        return new Expected(layers, matrix(json.get("inputs")), matrix(json.get("logits")), matrix(json.get("outputs")));
    }

    private static List<float[]> matrix(Object value) {
        List<float[]> rows = new ArrayList<>();
        for (Object row : (List<?>) value) {
            List<?> cells = (List<?>) row;
            float[] r = new float[cells.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = Float.parseFloat(((Json.Number) cells.get(i)).text());
            }
            rows.add(r);
        }
        return rows;
    }

    private static void assertPredictsLikePyTorch(Mlp model, Expected e) {
        for (var kernels : List.of(Backends.reference(), Backends.defaultKernels())) {
            model.useKernels(kernels);
            Predictor p = Predictor.of(model);
            float[] raw = new float[p.outputWidth()];
            for (int r = 0; r < e.inputs().size(); r++) {
                assertArrayEquals(e.outputs().get(r), p.predict(e.inputs().get(r)), 1e-5f, kernels.name() + " row " + r);
                p.predictRaw(e.inputs().get(r), 0, raw, 0);
                assertArrayEquals(e.logits().get(r), raw, 1e-5f, kernels.name() + " logits of row " + r);
            }
        }
    }

    @Test
    void aPyTorchFcMlpPredictsAsInPyTorch() throws Exception {
        Expected e = expected("mlp_6_8_5_3.expected.json");
        assertEquals(7, e.inputs().size());
        Path file = resourcePath(DIR + "mlp_6_8_5_3.safetensors");
        Mlp m = SafeTensors.importModel(file, List.of(Activation.RELU, Activation.TANH, Activation.SOFTMAX), null);
        assertEquals(6, m.inputWidth());
        assertEquals(Loss.CROSS_ENTROPY, m.loss());
        assertEquals(List.of(8, 5, 3), List.of(m.layer(0).outputs(), m.layer(1).outputs(), m.layer(2).outputs()));
        assertPredictsLikePyTorch(m, e);
        // Naming the layers gives the same model.
        Mlp named = SafeTensors.importModel(file, e.layers(), List.of(Activation.RELU, Activation.TANH, Activation.SOFTMAX),
                Loss.CROSS_ENTROPY);
        assertArrayEquals(m.parameters(), named.parameters(), 0f);
    }

    @Test
    void aFloat64SequentialWithASigmoidHeadPredictsAsInPyTorch() throws Exception {
        Expected e = expected("seq_4_7_1_f64.expected.json");
        SafeTensors.SafeTensorsFile file = SafeTensors.read(resourcePath(DIR + "seq_4_7_1_f64.safetensors"));
        assertEquals("F64", file.tensors().get("0.weight").dtype());
        Mlp m = SafeTensors.toModel(file, null, List.of(Activation.TANH, Activation.SIGMOID), null);
        assertEquals(Loss.BINARY_CROSS_ENTROPY, m.loss());
        assertEquals(4, m.inputWidth());
        assertPredictsLikePyTorch(m, e);
    }

    @Test
    void anExportImportsBackBitForBitWithItsActivationsLossAndScaling() throws Exception {
        Mlp m = ModelFilesTest.sample(0); // has input scaling
        Path file = tmp.resolve("out.safetensors");
        SafeTensors.export(m, file);
        Mlp back = SafeTensors.importModel(file);
        assertSameModel(m, back);

        Mlp fixture = SafeTensors.importModel(resourcePath(DIR + "mlp_6_8_5_3.safetensors"),
                List.of(Activation.RELU, Activation.TANH, Activation.SOFTMAX), null);
        SafeTensors.export(fixture, List.of("fc1", "fc2", "fc3"), Map.of("source", "fixture"), file);
        SafeTensors.SafeTensorsFile exported = SafeTensors.read(file);
        SafeTensors.SafeTensorsFile original = SafeTensors.read(resourcePath(DIR + "mlp_6_8_5_3.safetensors"));
        assertEquals(original.tensors().keySet(), exported.tensors().keySet());
        for (String name : original.tensors().keySet()) {
            assertArrayEquals(original.tensors().get(name).shape(), exported.tensors().get(name).shape(), name);
            assertArrayEquals(original.tensors().get(name).values(), exported.tensors().get(name).values(), 0f, name);
        }
        assertEquals("fixture", exported.metadata().get("source"));
        assertEquals("pt", exported.metadata().get("format"));
        assertEquals("relu,tanh,softmax", exported.metadata().get("vecmlp.activations"));
        assertPredictsLikePyTorch(SafeTensors.importModel(file), expected("mlp_6_8_5_3.expected.json"));
    }
}
