package dev.vecmlp.io;

import dev.vecmlp.inference.NonFinitePolicy;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutates and truncates valid model files many thousand times (seeded, bounded to a few
 * seconds) and checks that loading only ever ends in a {@link ModelFormatException}: never an
 * {@link OutOfMemoryError}, an index exception or another runtime exception, and never a model
 * from changed bytes (the checksum catches every change). A second run fixes the checksum after
 * mutating, so the structure checks alone must hold; those files may load, but only as models
 * that work.
 */
class ModelFileFuzzTest {
    private static final long SEED = 20261126L;
    private static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(2000);
    private static final int MAX_CASES = 40_000;

    private static final byte[][] VALID = {
            ModelFiles.toBytes(ModelFilesTest.sample(0), Map.of("name", "fuzz", "metric", "0.5")),
            ModelFiles.toBytes(ModelFilesTest.sample(1), Map.of()),
            checkpointBytes(),
    };

    private static byte[] checkpointBytes() {
        Mlp m = ModelFilesTest.sample(2);
        return CheckpointsTest.encode(m, CheckpointsTest.resume(m.parameterCount()));
    }

    @Test
    void mutatedAndTruncatedFilesNeverLoad() {
        SplittableRandom random = new SplittableRandom(SEED);
        long end = System.nanoTime() + BUDGET_NANOS;
        int cases = 0;
        while (cases < MAX_CASES && (cases < 2000 || System.nanoTime() < end)) {
            byte[] valid = VALID[cases % VALID.length];
            byte[] mutated = mutate(valid, random);
            if (Arrays.equals(mutated, valid)) {
                continue;
            }
            boolean viaStream = cases % 4 == 0;
            try {
                load(mutated, viaStream);
                fail("case " + cases + ": a changed file loaded (" + mutated.length + " bytes, from " + valid.length + ")");
            } catch (ModelFormatException expected) {
                // the only acceptable outcome
            } catch (Throwable t) {
                throw new AssertionError("case " + cases + " (seed " + SEED + "): expected a ModelFormatException, found "
                        + t, t);
            }
            cases++;
        }
        assertTrue(cases >= 2000, "cases run: " + cases);
    }

    @Test
    void forgedFilesWithValidChecksumsLoadOnlyAsWorkingModels() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        long end = System.nanoTime() + BUDGET_NANOS;
        int cases = 0;
        int loaded = 0;
        while (cases < MAX_CASES && (cases < 2000 || System.nanoTime() < end)) {
            byte[] valid = VALID[cases % VALID.length];
            byte[] forged = mutate(valid, random);
            if (forged.length >= ModelCodec.HEADER_BYTES + ModelCodec.CHECKSUM_BYTES) {
                if (random.nextInt(4) != 0 && forged.length != valid.length) {
                    // Keep the declared length honest most of the time, so the structure checks are reached.
                    java.nio.ByteBuffer.wrap(forged).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(16, forged.length);
                }
                FileForge.withChecksum(forged);
            }
            try {
                ModelFile file = load(forged, cases % 4 == 0);
                Predictor p = Predictor.of(file.model(), NonFinitePolicy.ALLOW);
                float[] out = p.predict(new float[p.inputWidth()]);
                assertEquals(file.model().outputWidth(), out.length);
                loaded++;
            } catch (ModelFormatException expected) {
                // refused with a reason
            } catch (Throwable t) {
                throw new AssertionError("case " + cases + " (seed " + SEED + "): expected a ModelFormatException, found "
                        + t, t);
            }
            cases++;
        }
        assertTrue(cases >= 2000, "cases run: " + cases);
        assertTrue(loaded > 0 && loaded < cases, "some forgeries load (changed weights), most are refused: " + loaded + " of " + cases + " loaded");
    }

    private static ModelFile load(byte[] bytes, boolean viaStream) throws Exception {
        return viaStream ? ModelFiles.read(new ByteArrayInputStream(bytes)) : ModelFiles.fromBytes(bytes);
    }

    /** One of: changed bytes, flipped bits, truncation, inserted or deleted bytes, a spliced u32/u64 extreme. */
    static byte[] mutate(byte[] valid, SplittableRandom random) {
        byte[] b = valid.clone();
        switch (random.nextInt(6)) {
            case 0: { // a few random bytes changed
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                return b;
            }
            case 1: { // one bit flipped
                int i = random.nextInt(b.length);
                b[i] ^= (byte) (1 << random.nextInt(8));
                return b;
            }
            case 2: // truncated anywhere
                return Arrays.copyOf(b, random.nextInt(b.length));
            case 3: { // bytes inserted
                int at = random.nextInt(b.length + 1);
                int n = 1 + random.nextInt(8);
                byte[] out = new byte[b.length + n];
                System.arraycopy(b, 0, out, 0, at);
                for (int i = 0; i < n; i++) {
                    out[at + i] = (byte) random.nextInt(256);
                }
                System.arraycopy(b, at, out, at + n, b.length - at);
                return out;
            }
            case 4: { // bytes deleted
                int at = random.nextInt(b.length);
                int n = 1 + random.nextInt(Math.min(8, b.length - at));
                byte[] out = new byte[b.length - n];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + n, out, at, b.length - at - n);
                return out;
            }
            default: { // an extreme size value written over any aligned-or-not position
                long[] extremes = {0, 1, -1, Integer.MAX_VALUE, 0x80000000L, 0xFFFFFFFFL, Long.MAX_VALUE, 1L << 40};
                long v = extremes[random.nextInt(extremes.length)];
                int width = random.nextBoolean() ? 4 : 8;
                if (b.length < width) {
                    return Arrays.copyOf(b, 0);
                }
                int at = random.nextInt(b.length - width + 1);
                for (int i = 0; i < width; i++) {
                    b[at + i] = (byte) (v >>> (8 * i));
                }
                return b;
            }
        }
    }
}
