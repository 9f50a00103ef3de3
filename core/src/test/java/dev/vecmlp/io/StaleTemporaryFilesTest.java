package dev.vecmlp.io;

import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Sgd;
import dev.vecmlp.train.TrainingResume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A save removes the temporary files earlier, interrupted saves of the same target left behind
 * ({@code .<name>.<hex>.tmp}) once they are older than {@link AtomicFiles#STALE_AFTER}, and
 * nothing else: not young ones (a concurrent save's), not other targets', not look-alikes.
 */
class StaleTemporaryFilesTest {

    private static Mlp model() {
        return Mlp.builder(3).hidden(4, Activation.RELU).output(2, Activation.SOFTMAX).seed(5).build();
    }

    private static void create(Path file, Duration age) throws Exception {
        Files.write(file, new byte[1000]);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
    }

    private static Set<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void aSaveRemovesOnlyItsOwnStaleTemporaries(@TempDir Path dir) throws Exception {
        Duration old = AtomicFiles.STALE_AFTER.plusMinutes(5);
        Duration young = AtomicFiles.STALE_AFTER.minusMinutes(5);
        List<String> stale = List.of(".model.vmlp.1f3a9c0d2b4e6f78.tmp", ".model.vmlp.0.tmp", ".model.vmlp.abc123.tmp");
        List<String> kept = List.of(
                ".model.vmlp.5e5e5e5e5e5e5e5e.tmp",   // young: may be a concurrent save's
                ".other.vmlp.1f3a9c0d2b4e6f78.tmp",   // another target's
                ".model.vmlp.bak.1f3a9c0d.tmp",       // the target model.vmlp.bak's, not ours
                ".model.vmlp.xyz.tmp",                // not hex
                ".model.vmlp.11112222333344445.tmp",  // 17 hex digits: not a name we make
                "model.vmlp.1f3a.tmp",                // not hidden
                ".model.vmlp.1f3a.tmp.keep");
        for (String name : stale) {
            create(dir.resolve(name), old);
        }
        for (String name : kept) {
            create(dir.resolve(name), kept.get(0).equals(name) ? young : old);
        }
        ModelFiles.save(model(), dir.resolve("model.vmlp"));

        Set<String> expected = new TreeSet<>(kept);
        expected.add("model.vmlp");
        assertEquals(expected, names(dir));
        ModelFiles.load(dir.resolve("model.vmlp"));
    }

    @Test
    void checkpointsCleanUpTooAndRepeatedSavesLeaveOnlyTheTarget(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("run.ckpt");
        create(dir.resolve(".run.ckpt.00ff00ff00ff00ff.tmp"), Duration.ofDays(2));
        for (int epoch = 1; epoch <= 5; epoch++) {
            Checkpoints.save(model(), new TrainingResume(new Sgd(0.1).state(), epoch, epoch * 10L), target);
        }
        assertEquals(Set.of("run.ckpt"), names(dir));
        assertEquals(5, Checkpoints.load(target).resume().epochsDone());
    }

    @Test
    void theRuleAppliesTheCutoffItIsGiven(@TempDir Path dir) throws Exception {
        create(dir.resolve(".m.vmlp.aa.tmp"), Duration.ofMinutes(10));
        create(dir.resolve(".m.vmlp.bb.tmp"), Duration.ofMinutes(30));
        assertEquals(1, AtomicFiles.removeStaleTemporaries(dir, "m.vmlp", Instant.now().minus(Duration.ofMinutes(20))));
        assertEquals(Set.of(".m.vmlp.aa.tmp"), names(dir));
    }
}
