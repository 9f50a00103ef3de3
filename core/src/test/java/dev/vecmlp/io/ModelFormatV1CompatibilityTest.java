package dev.vecmlp.io;

import dev.vecmlp.inference.Predictor;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Dense;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The committed file {@code golden-v1.vmlp}, written when format version 1 was defined, must
 * load in every later vecmlp and predict the outputs recorded with it. Do not regenerate the
 * file: a failure here means a change broke old files.
 */
class ModelFormatV1CompatibilityTest {
    private static final String FILE = "dev/vecmlp/io/golden-v1.vmlp";
    private static final String EXPECTED = "dev/vecmlp/io/golden-v1.expected.txt";

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ModelFormatV1CompatibilityTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    /** Rows of the expected file starting with {@code prefix}. */
    private static List<float[]> rows(String prefix) throws IOException {
        List<float[]> rows = new ArrayList<>();
        for (String line : new String(resource(EXPECTED), StandardCharsets.UTF_8).split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts[0].equals(prefix)) {
                float[] v = new float[parts.length - 1];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Float.parseFloat(parts[i + 1]);
                }
                rows.add(v);
            }
        }
        return rows;
    }

    @Test
    void theVersionOneFileLoadsWithItsArchitectureAndMetadata() throws IOException {
        ModelFile file = ModelFiles.fromBytes(resource(FILE));
        assertEquals(1, file.formatVersion());
        assertEquals(Map.of("name", "golden-v1", "description", "format version 1 compatibility fixture"), file.metadata());
        Mlp m = file.model();
        assertEquals(5, m.inputWidth());
        assertEquals(Loss.CROSS_ENTROPY, m.loss());
        int[] widths = {7, 4, 3};
        Activation[] activations = {Activation.RELU, Activation.TANH, Activation.SOFTMAX};
        assertEquals(3, m.layerCount());
        for (int l = 0; l < 3; l++) {
            Dense d = m.layer(l);
            assertEquals(widths[l], d.outputs());
            assertEquals(activations[l], d.activation());
        }
        assertNotNull(m.inputScaling());
        assertEquals(5, m.inputScaling().width());
    }

    @Test
    void theVersionOneFilePredictsItsRecordedOutputs() throws IOException {
        Mlp m = ModelFiles.loadResource(FILE);
        List<float[]> inputs = rows("in");
        List<float[]> outputs = rows("out");
        assertEquals(4, inputs.size());
        assertEquals(4, outputs.size());
        Predictor reference;
        m.useKernels(Backends.reference());
        reference = Predictor.of(m);
        m.useKernels(Backends.defaultKernels());
        Predictor fast = Predictor.of(m);
        for (int r = 0; r < inputs.size(); r++) {
            assertArrayEquals(outputs.get(r), reference.predict(inputs.get(r)), 1e-6f, "row " + r);
            assertArrayEquals(outputs.get(r), fast.predict(inputs.get(r)), 1e-5f, "row " + r);
            assertArrayEquals(outputs.get(r), doubleForward(m, inputs.get(r)), 1e-5f, "row " + r);
        }
    }

    /**
     * The same network computed here in double precision with plain loops, from the loaded
     * weights: the recorded outputs are the network's, not an artefact of one code path.
     */
    private static float[] doubleForward(Mlp m, float[] x) {
        float[] shift = m.inputScaling().shift();
        float[] scale = m.inputScaling().scale();
        double[] a = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            a[j] = ((double) x[j] - shift[j]) * scale[j];
        }
        float[] p = m.parameters();
        for (Dense d : m.layers()) {
            double[] z = new double[d.outputs()];
            for (int o = 0; o < d.outputs(); o++) {
                double s = p[d.biasOffset() + o];
                for (int i = 0; i < d.inputs(); i++) {
                    s += (double) p[d.weightOffset() + o * d.inputs() + i] * a[i];
                }
                z[o] = s;
            }
            switch (d.activation()) {
                case RELU:
                    for (int o = 0; o < z.length; o++) {
                        z[o] = Math.max(0, z[o]);
                    }
                    break;
                case TANH:
                    for (int o = 0; o < z.length; o++) {
                        z[o] = Math.tanh(z[o]);
                    }
                    break;
                case SOFTMAX: {
                    double max = Double.NEGATIVE_INFINITY;
                    for (double v : z) {
                        max = Math.max(max, v);
                    }
                    double sum = 0;
                    for (int o = 0; o < z.length; o++) {
                        z[o] = Math.exp(z[o] - max);
                        sum += z[o];
                    }
                    for (int o = 0; o < z.length; o++) {
                        z[o] /= sum;
                    }
                    break;
                }
                default:
                    throw new AssertionError(d.activation());
            }
            a = z;
        }
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) a[i];
        }
        return out;
    }

    @Test
    void theCurrentWriterStillWritesVersionOneByteForByte() throws IOException {
        // When a format version 2 arrives this test goes (the writer moves on); the two above stay.
        byte[] committed = resource(FILE);
        ModelFile file = ModelFiles.fromBytes(committed);
        assertArrayEquals(committed, ModelFiles.toBytes(file.model(), file.metadata()));
    }
}
