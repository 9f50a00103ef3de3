package dev.vecmlp.io;

import dev.vecmlp.io.ModelFormatException.Reason;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.OptimizerState;
import dev.vecmlp.train.CheckpointSink;
import dev.vecmlp.train.TrainingResume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.vecmlp.io.ModelFilesTest.assertSameModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoint files: model, optimiser arrays and counters come back bit for bit; damage is refused. */
class CheckpointsTest {
    @TempDir
    Path dir;

    /** An Adam-like state with two arrays of random values, 1234 updates, 3 epochs and 5678 steps. */
    static TrainingResume resume(int parameters) {
        SplittableRandom r = new SplittableRandom(parameters);
        Map<String, float[]> arrays = new LinkedHashMap<>();
        for (String name : new String[]{"m", "v"}) {
            float[] a = new float[parameters];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextGaussian();
            }
            arrays.put(name, a);
        }
        return new TrainingResume(new OptimizerState("adam", 1234, arrays), 3, 5678);
    }

    static byte[] encode(Mlp model, TrainingResume resume) {
        return Checkpoints.toBytes(model, resume);
    }

    static void assertSameResume(TrainingResume expected, TrainingResume actual) {
        assertEquals(expected.epochsDone(), actual.epochsDone());
        assertEquals(expected.steps(), actual.steps());
        OptimizerState e = expected.optimizerState();
        OptimizerState a = actual.optimizerState();
        assertEquals(e.kind(), a.kind());
        assertEquals(e.updates(), a.updates());
        assertEquals(List.copyOf(e.arrays().keySet()), List.copyOf(a.arrays().keySet()));
        for (String name : e.arrays().keySet()) {
            float[] ev = e.arrays().get(name);
            float[] av = a.arrays().get(name);
            assertEquals(ev.length, av.length, name);
            for (int i = 0; i < ev.length; i++) {
                assertEquals(Float.floatToRawIntBits(ev[i]), Float.floatToRawIntBits(av[i]), name + "[" + i + "]");
            }
        }
    }

    @Test
    void aCheckpointRoundTripsModelOptimizerStateAndCounters() throws IOException {
        Mlp m = ModelFilesTest.sample(0);
        TrainingResume resume = resume(m.parameterCount());
        Path file = dir.resolve("ckpt.vmlp");
        CheckpointSink sink = Checkpoints.to(file);
        sink.save(m, resume);
        Checkpoint read = Checkpoints.load(file);
        assertSameModel(m, read.model());
        assertSameResume(resume, read.resume());
        // The checkpoint is also a model file.
        assertSameModel(m, ModelFiles.load(file));
    }

    @Test
    void stateWithoutArraysAndZeroCountersRoundTrips() throws IOException {
        Mlp m = ModelFilesTest.sample(1);
        TrainingResume resume = new TrainingResume(new OptimizerState("sgd", 0, Map.of()), 0, 0);
        Checkpoint read = Checkpoints.fromBytes(Checkpoints.toBytes(m, resume));
        assertSameResume(resume, read.resume());
    }

    @Test
    void theSinkOverwritesAtomicallyAndLeavesOneFile() throws IOException {
        Mlp m = ModelFilesTest.sample(0);
        Path file = dir.resolve("ckpt.vmlp");
        CheckpointSink sink = Checkpoints.to(file);
        for (int epoch = 1; epoch <= 3; epoch++) {
            m.parameters()[0] = epoch;
            sink.save(m, new TrainingResume(new OptimizerState("sgd", epoch * 10L, Map.of()), epoch, epoch * 10L));
        }
        Checkpoint last = Checkpoints.load(file);
        assertEquals(3, last.resume().epochsDone());
        assertEquals(3f, last.model().parameters()[0]);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("ckpt.vmlp"), files.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
    }

    @Test
    void aPlainModelFileIsNotACheckpoint() throws IOException {
        Path file = dir.resolve("model.vmlp");
        ModelFiles.save(ModelFilesTest.sample(0), file);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Checkpoints.load(file));
        assertEquals(Reason.MISSING_SECTION, e.reason());
        assertTrue(e.getMessage().contains("training state"), e.getMessage());
    }

    @Test
    void forgedOptimizerSectionsAreRefused() {
        Mlp m = ModelFilesTest.sample(0);
        byte[] good = encode(m, resume(m.parameterCount()));

        FileForge f = new FileForge(good);
        byte[] optm = f.section("optm").payload;
        // kind "adam" (4 + 4 bytes), updates (8), array count (4), then name "m" (4 + 1), then its length (8)
        f.section("optm").le().putLong(8 + 8 + 4 + 5, 1L << 40);
        assertEquals(Reason.MALFORMED, assertThrows(ModelFormatException.class,
                () -> Checkpoints.fromBytes(f.build())).reason());

        FileForge g = new FileForge(good);
        g.section("optm").le().putInt(16, Integer.MAX_VALUE); // array count
        assertEquals(Reason.MALFORMED, assertThrows(ModelFormatException.class,
                () -> Checkpoints.fromBytes(g.build())).reason());

        FileForge h = new FileForge(good);
        h.section("optm").payload[8 + 8 + 4 + 4 + 1 + 8 + 4 * m.parameterCount() + 4] = 'm'; // second name "v" -> "m"
        assertEquals(Reason.MALFORMED, assertThrows(ModelFormatException.class,
                () -> Checkpoints.fromBytes(h.build())).reason());

        FileForge k = new FileForge(good);
        k.section("prog").le().putInt(0, -1); // epochs done beyond int range
        assertEquals(Reason.MALFORMED, assertThrows(ModelFormatException.class,
                () -> Checkpoints.fromBytes(k.build())).reason());
        assertEquals(optm.length, new FileForge(good).section("optm").payload.length);
    }
}
