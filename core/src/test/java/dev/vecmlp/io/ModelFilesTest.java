package dev.vecmlp.io;

import dev.vecmlp.data.InputScaling;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.io.ModelFormatException.Reason;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Dense;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saving and loading model files: exact round trips, atomic writes, and the refusal of bad files. */
class ModelFilesTest {
    @TempDir
    Path dir;

    /** A small model with scaling and non-trivial weights; every head kind is covered by {@code head}. */
    static Mlp sample(int head) {
        Mlp.Builder b = Mlp.builder(6).hidden(5, Activation.RELU).hidden(4, Activation.TANH).seed(31 + head)
                .kernels(Backends.reference());
        Mlp m;
        switch (head) {
            case 0: m = b.output(3, Activation.SOFTMAX).build(); break;
            case 1: m = b.output(1, Activation.SIGMOID).build(); break;
            default: m = b.output(2, Activation.LINEAR).loss(Loss.MSE).build(); break;
        }
        SplittableRandom r = new SplittableRandom(head);
        float[] p = m.parameters();
        for (int i = 0; i < p.length; i++) {
            p[i] += (float) r.nextGaussian() * 0.1f; // biases too, not only the initialiser's weights
        }
        float[] data = new float[8 * 6];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (r.nextDouble() * 10 - 3);
        }
        m.setInputScaling(InputScaling.standardize(data, 6));
        return m;
    }

    static void assertSameModel(Mlp expected, Mlp actual) {
        assertEquals(expected.inputWidth(), actual.inputWidth());
        assertEquals(expected.loss(), actual.loss());
        assertEquals(expected.layerCount(), actual.layerCount());
        for (int l = 0; l < expected.layerCount(); l++) {
            Dense e = expected.layer(l);
            Dense a = actual.layer(l);
            assertEquals(e.outputs(), a.outputs(), "width of layer " + l);
            assertEquals(e.activation(), a.activation(), "activation of layer " + l);
            assertEquals(e.activationParameter(), a.activationParameter(), "activation parameter of layer " + l);
            assertEquals(e.dropout(), a.dropout(), 1e-7, "dropout of layer " + l);
        }
        assertEquals(expected.inputScaling(), actual.inputScaling());
        float[] pe = expected.parameters();
        float[] pa = actual.parameters();
        assertEquals(pe.length, pa.length);
        for (int i = 0; i < pe.length; i++) {
            assertEquals(Float.floatToRawIntBits(pe[i]), Float.floatToRawIntBits(pa[i]), "parameter " + i);
        }
    }

    @Test
    void roundTripsEveryHeadBitForBit() throws IOException {
        for (int head = 0; head < 3; head++) {
            Mlp m = sample(head);
            Path file = dir.resolve("m" + head + ".vmlp");
            ModelFiles.save(m, file);
            Mlp loaded = ModelFiles.load(file);
            assertSameModel(m, loaded);
            float[] x = {1, 2, 3, -4, 5, 0.5f};
            loaded.useKernels(m.kernels());
            assertArrayEquals(Predictor.of(m).predict(x), Predictor.of(loaded).predict(x), 0f);
        }
    }

    @Test
    void everyActivationAndLossHasAFileCode() throws IOException {
        // A new enum constant without a code in ModelCodec fails here, not in a user's save.
        for (Activation a : Activation.values()) {
            if (a == Activation.SOFTMAX) {
                continue;
            }
            Mlp m = Mlp.builder(3).hidden(4, a).output(2, a).loss(Loss.MSE).build();
            assertSameModel(m, ModelFiles.fromBytes(ModelFiles.toBytes(m, Map.of())).model());
        }
        for (Loss loss : Loss.values()) {
            Activation head = loss.requiredOutputActivation() != null ? loss.requiredOutputActivation() : Activation.LINEAR;
            Mlp m = Mlp.builder(3).output(2, head).loss(loss).build();
            assertEquals(loss, ModelFiles.fromBytes(ModelFiles.toBytes(m, Map.of())).model().loss());
        }
    }

    @Test
    void metadataAndVersionComeBackInOrder() throws IOException {
        Mlp m = sample(0);
        m.setInputScaling(null);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("name", "scorer \u00e9\u4e2d\ud83d\ude00");
        meta.put("training.data", "s3://bucket/train.csv");
        meta.put("metrics.accuracy", "0.9731");
        meta.put("empty", "");
        Path file = dir.resolve("meta.vmlp");
        ModelFiles.save(m, meta, file);
        ModelFile read = ModelFiles.read(file);
        assertEquals(1, read.formatVersion());
        assertEquals(List.copyOf(meta.entrySet()), List.copyOf(read.metadata().entrySet()));
        assertNull(read.model().inputScaling());
        assertSameModel(m, read.model());
        try (var in = Files.newInputStream(file)) {
            ModelFile fromStream = ModelFiles.read(in);
            assertEquals(meta, fromStream.metadata());
            assertSameModel(m, fromStream.model());
        }
        assertSameModel(m, ModelFiles.fromBytes(ModelFiles.toBytes(m, meta)).model());
        assertArrayEquals(Files.readAllBytes(file), ModelFiles.toBytes(m, meta));
    }

    @Test
    void savingReplacesTheFileWholeAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("sub/dir/model.vmlp");
        ModelFiles.save(sample(0), file);
        Mlp second = sample(1);
        ModelFiles.save(second, Map.of("v", "2"), file);
        assertSameModel(second, ModelFiles.load(file));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of("model.vmlp"), files.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
        // A save that fails before writing (a null metadata value) leaves the old file as it was.
        byte[] before = Files.readAllBytes(file);
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("k", null);
        assertThrows(NullPointerException.class, () -> ModelFiles.save(sample(2), bad, file));
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aLoadedModelCanBeTrainedFurtherWithoutTouchingTheFile() throws IOException {
        Path file = dir.resolve("m.vmlp");
        ModelFiles.save(sample(0), file);
        byte[] bytes = Files.readAllBytes(file);
        Mlp loaded = ModelFiles.load(file);
        Arrays.fill(loaded.parameters(), 1f);
        assertArrayEquals(bytes, Files.readAllBytes(file));
    }

    @Test
    void loadsFromTheClassPath() throws IOException {
        Mlp m = ModelFiles.loadResource("dev/vecmlp/io/golden-v1.vmlp");
        assertEquals(5, m.inputWidth());
        assertThrows(java.io.FileNotFoundException.class, () -> ModelFiles.loadResource("no/such/model.vmlp"));
    }

    // ---------------------------------------------------------------- refusals with their reasons

    static Reason reasonOf(byte[] content) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.fromBytes(content));
        ModelFormatException s = assertThrows(ModelFormatException.class,
                () -> ModelFiles.read(new ByteArrayInputStream(content)));
        assertEquals(e.reason(), s.reason(), "the stream reader agrees: " + s.getMessage());
        return e.reason();
    }

    @Test
    void eachKindOfBadFileHasItsOwnReason() {
        byte[] good = ModelFiles.toBytes(sample(0), Map.of("a", "b"));
        assertEquals(Reason.TRUNCATED, reasonOf(new byte[0]));
        assertEquals(Reason.NOT_A_MODEL_FILE, reasonOf("{\"hello\": 1}".getBytes()));
        assertEquals(Reason.NOT_A_MODEL_FILE, reasonOf(Arrays.copyOf(new byte[]{(byte) 0x89, 'V', 'M', 'X'}, 40)));
        assertEquals(Reason.TRUNCATED, reasonOf(Arrays.copyOf(good, good.length - 1)));
        assertEquals(Reason.TRUNCATED, reasonOf(Arrays.copyOf(good, 5)));
        assertEquals(Reason.TRAILING_DATA, reasonOf(Arrays.copyOf(good, good.length + 3)));
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        assertEquals(Reason.CHECKSUM_MISMATCH, reasonOf(flipped));
        byte[] newer = good.clone();
        newer[8] = 2;
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.fromBytes(newer));
        assertEquals(Reason.UNSUPPORTED_VERSION, e.reason());
        assertTrue(e.getMessage().contains("expected format version 1, found 2"), e.getMessage());
    }

    @Test
    void messagesNameTheFile() throws IOException {
        Path file = dir.resolve("broken.vmlp");
        byte[] good = ModelFiles.toBytes(sample(0), Map.of());
        Files.write(file, Arrays.copyOf(good, 30));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.load(file));
        assertEquals(Reason.TRUNCATED, e.reason());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("found 30"), e.getMessage());
    }
}
