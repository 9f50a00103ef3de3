package dev.vecmlp.io;

import dev.vecmlp.data.InputScaling;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Wrote the committed format-version-1 file {@code golden-v1.vmlp} and its recorded outputs
 * {@code golden-v1.expected.txt} (run once, by hand, when version 1 was defined; never by the
 * tests). The files are history now: {@link ModelFormatV1CompatibilityTest} checks that every
 * later vecmlp still reads them and predicts the recorded outputs.
 *
 * <p>Usage: {@code java -cp core/target/classes:core/target/test-classes dev.vecmlp.io.GoldenModelFile core/src/test/resources/dev/vecmlp/io}
 */
public final class GoldenModelFile {
    static final int INPUTS = 5;
    static final int ROWS = 4;

    private GoldenModelFile() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Mlp m = Mlp.builder(INPUTS).hidden(7, Activation.RELU).hidden(4, Activation.TANH)
                .output(3, Activation.SOFTMAX).seed(2026).kernels(Backends.reference()).build();
        SplittableRandom r = new SplittableRandom(1);
        float[] p = m.parameters();
        for (int i = 0; i < p.length; i++) {
            p[i] += (float) (r.nextGaussian() * 0.05);
        }
        float[] train = new float[20 * INPUTS];
        for (int i = 0; i < train.length; i++) {
            train[i] = (float) (r.nextDouble() * (i % INPUTS + 1) * 3 - 2);
        }
        m.setInputScaling(InputScaling.standardize(train, INPUTS));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("name", "golden-v1");
        meta.put("description", "format version 1 compatibility fixture");
        ModelFiles.save(m, meta, dir.resolve("golden-v1.vmlp"));

        float[] x = new float[ROWS * INPUTS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 8 - 3);
        }
        float[] out = Predictor.of(m).predictBatch(x);
        StringBuilder sb = new StringBuilder("# inputs (" + ROWS + " rows x " + INPUTS + "), then outputs (" + ROWS
                + " rows x 3), reference backend, recorded when format version 1 was defined\n");
        for (int row = 0; row < ROWS; row++) {
            sb.append("in");
            for (int j = 0; j < INPUTS; j++) {
                sb.append(' ').append(x[row * INPUTS + j]);
            }
            sb.append('\n');
        }
        for (int row = 0; row < ROWS; row++) {
            sb.append("out");
            for (int j = 0; j < 3; j++) {
                sb.append(' ').append(out[row * 3 + j]);
            }
            sb.append('\n');
        }
        Files.writeString(dir.resolve("golden-v1.expected.txt"), sb.toString());
    }
}
