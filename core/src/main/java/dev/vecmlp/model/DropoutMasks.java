package dev.vecmlp.model;

/**
 * Inverted-dropout masks from a counter-based generator: element {@code i} of the mask for
 * {@code key} is a pure function of {@code (key, i)} (SplitMix64's finaliser over a Weyl
 * sequence, two 32-bit draws per 64-bit value), so a mask depends on nothing but the key:
 * not on the kernel threads, the backend, or what was drawn before. Kept units get
 * {@code 1 / (1 - p)}, dropped ones 0, so the expected output of a unit is unchanged and
 * inference needs no rescaling. Drawing allocates nothing.
 */
final class DropoutMasks {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private DropoutMasks() {
    }

    /** The key of the mask of {@code layer} at training step {@code step} of a run seeded with {@code seed}. */
    static long key(long seed, long step, int layer) {
        return mix(mix(seed ^ GOLDEN) + step * 0xD1B54A32D192ED03L + layer * 0xABC98388FB8FAC03L);
    }

    /** Fills {@code mask[0, len)} with 0 (probability {@code p}) or {@code 1 / (1 - p)}. */
    static void fill(float[] mask, int len, double p, long key) {
        float scale = (float) (1 / (1 - p));
        // Keep when a uniform 32-bit draw is >= p * 2^32: probability 1 - p up to 2^-32.
        long threshold = (long) Math.ceil(p * 4294967296.0);
        long counter = key;
        int i = 0;
        for (; i + 1 < len; i += 2) {
            counter += GOLDEN;
            long bits = mix(counter);
            mask[i] = (bits & 0xFFFFFFFFL) >= threshold ? scale : 0f;
            mask[i + 1] = (bits >>> 32) >= threshold ? scale : 0f;
        }
        if (i < len) {
            long bits = mix(counter + GOLDEN);
            mask[i] = (bits & 0xFFFFFFFFL) >= threshold ? scale : 0f;
        }
    }

    /** {@code out[i] = in[i] * mask[i]} over {@code len} values ({@code out} may be {@code in}). */
    static void apply(int len, float[] in, float[] mask, float[] out) {
        for (int i = 0; i < len; i++) {
            out[i] = in[i] * mask[i];
        }
    }

    /** SplitMix64's output function (Stafford's mix 13). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
