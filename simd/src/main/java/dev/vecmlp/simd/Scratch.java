package dev.vecmlp.simd;

/**
 * Per-thread packing buffers. A thread gets its own on first use and keeps it; the packing
 * buffer grows (by half again, at least to the size asked) only when a bigger product comes, so
 * steady-state kernel calls allocate nothing, and concurrent callers never share a buffer.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    /** One transposed tile: at most 12 rows x 2 vectors or 8 x 3 of the widest (16-lane) species. */
    final float[] tile = new float[12 * 2 * 16];
    private float[] pack = new float[0];

    private Scratch() {
    }

    static Scratch get() {
        return LOCAL.get();
    }

    /** A packing buffer of at least {@code size} floats (contents undefined). */
    float[] pack(int size) {
        if (pack.length < size) {
            pack = new float[Math.max(size, pack.length + pack.length / 2)];
        }
        return pack;
    }
}
